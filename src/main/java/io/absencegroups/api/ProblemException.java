package io.absencegroups.api;

import java.util.Map;

/** Ends a request with a problem response. Thrown for expected client errors, so it carries no stack trace. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    /** A problem answered with extra headers, such as {@code Retry-After} on a 503. */
    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of(400, detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, detail));
    }

    /** The read API's 503 before the first full sync, with {@code Retry-After}. */
    public static ProblemException notSynced(String why) {
        return new ProblemException(ReadGate.unavailable(why),
                Map.of("Retry-After", Integer.toString(ReadGate.RETRY_AFTER_SECONDS)));
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
