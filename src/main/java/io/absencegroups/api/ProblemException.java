package io.absencegroups.api;

/** Ends a request with a problem response. Thrown for expected client errors, so it carries no stack trace. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of(400, detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, detail));
    }

    public Problem problem() {
        return problem;
    }
}
