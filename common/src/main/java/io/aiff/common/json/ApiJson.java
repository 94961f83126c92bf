package io.aiff.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.Temporal;

/**
 * The JSON rules of {@code docs/api.md} for every service: snake_case, RFC 3339 timestamps, unknown fields refused,
 * a key given twice refused, and no coercion: a number is not a string, a string not a number, 4.9 not 4, a number
 * not a timestamp. Text may not carry NUL characters (PostgreSQL cannot store them). Each refusal names the field.
 */
@Singleton
public class ApiJson implements ObjectMapperCustomizer {

    /** A refused value: the message says why, the path says where. */
    public static final class Refused extends MismatchedInputException {
        Refused(JsonParser parser, String message, Class<?> type) {
            super(parser, message, type);
        }
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.Float, CoercionInputShape.String, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.String);
        refuse(mapper, LogicalType.Enum, CoercionInputShape.Integer, CoercionInputShape.Float);
        SimpleModule strict = new SimpleModule("aiff-strict-json");
        strict.addDeserializer(String.class, new TextWithoutNul());
        strict.addDeserializer(OffsetDateTime.class, new TextOnly<>(OffsetDateTime.class, InstantDeserializer.OFFSET_DATE_TIME));
        strict.addDeserializer(Instant.class, new TextOnly<>(Instant.class, InstantDeserializer.INSTANT));
        mapper.registerModule(strict);
    }

    private static void refuse(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
        var coercion = mapper.coercionConfigFor(type);
        for (CoercionInputShape shape : shapes) {
            coercion.setCoercion(shape, CoercionAction.Fail);
        }
    }

    /** Strings as given, never from a number or boolean, never with NUL. */
    static final class TextWithoutNul extends StdScalarDeserializer<String> {
        TextWithoutNul() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                if (p.hasToken(JsonToken.VALUE_NULL)) {
                    return null;
                }
                throw new Refused(p, "must be a string", String.class);
            }
            String text = p.getText();
            if (text.indexOf('\0') >= 0) {
                throw new Refused(p, "must not contain NUL characters", String.class);
            }
            return text;
        }

    }

    /** Timestamps from RFC 3339 text only (Jackson would read a number as seconds since 1970). */
    static final class TextOnly<T extends Temporal> extends StdScalarDeserializer<T> {
        private final InstantDeserializer<T> delegate;

        TextOnly(Class<T> type, InstantDeserializer<T> delegate) {
            super(type);
            this.delegate = delegate;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                throw new Refused(p, "must be an RFC 3339 timestamp, e.g. 2026-11-25T08:30:00Z", handledType());
            }
            return delegate.deserialize(p, ctxt);
        }
    }
}
