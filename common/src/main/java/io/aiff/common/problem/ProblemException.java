package io.aiff.common.problem;

import java.util.List;

/**
 * Thrown (or failed with, in a {@code Uni}) by service code to answer with a specific problem.
 * It carries no stack trace: it is an answer, not a fault.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.getDetail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.notFound(what + " not found."));
    }

    public static ProblemException badRequest(String field, String message) {
        return new ProblemException(Problem.validation(List.of(new FieldError(field, message))));
    }
}
