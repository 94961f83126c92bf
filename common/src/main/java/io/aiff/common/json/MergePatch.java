package io.aiff.common.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aiff.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

/**
 * JSON merge patch (RFC 7396) onto a request record: the current state as that record, the patch's fields replacing
 * (null clearing), then the same strict reading and constraints as a create — so a patch can never store what a
 * create would refuse, and an unknown or read-only field is a 400.
 */
@ApplicationScoped
public class MergePatch {

    private final ObjectMapper json;
    private final Validator validator;

    public MergePatch(ObjectMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    public <T> T apply(T current, ObjectNode patch, Class<T> type) {
        ObjectNode merged = json.valueToTree(current);
        merge(merged, patch);
        T result;
        try {
            result = json.treeToValue(merged, type);
        } catch (UnrecognizedPropertyException e) {
            throw ProblemException.badRequest(e.getPropertyName(), "cannot be changed here");
        } catch (JsonProcessingException e) {
            String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                    ? mapping.getPath().get(0).getFieldName() : "body";
            throw ProblemException.badRequest(field, "has the wrong type");
        }
        var violations = validator.validate(result);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return result;
    }

    /** RFC 7396: objects merge member by member, null removes, anything else replaces. */
    private static void merge(ObjectNode target, ObjectNode patch) {
        patch.fields().forEachRemaining(field -> {
            var value = field.getValue();
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && target.get(field.getKey()) instanceof ObjectNode existing) {
                merge(existing, (ObjectNode) value);
            } else {
                target.set(field.getKey(), value);
            }
        });
    }
}
