package io.absencegroups.api;

import com.fasterxml.jackson.core.JacksonException;
import io.absencegroups.cache.MalformedChangeVersionException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves the service as {@code application/problem+json}; none carries a stack trace.
 * Client errors are answered quietly; anything unexpected is logged here, once, and answered
 * with a 500 that says nothing about the internals.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder response = Response.status(e.problem().status()).type(Problem.MEDIA_TYPE)
                .entity(e.problem().toJson());
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response malformedChangeVersion(MalformedChangeVersionException e) {
        return Problem.of(400, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response malformedJson(JacksonException e) {
        return Problem.of(400, "the body is not valid JSON for this request: " + e.getOriginalMessage()).toResponse();
    }

    @Inject
    AllowedMethods allowedMethods;

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf(e, "request failed with %d", status);
        }
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, describe(status)).toJson());
        // a 405 says which methods the path takes (RFC 9110); Quarkus REST's own 405 names none
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow == null && status == 405) {
            allow = allowedMethods.allow(uri.getPath());
        }
        if (allow != null) {
            response.header(HttpHeaders.ALLOW, allow);
        }
        return response.build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        LOG.error("unexpected error while handling a request", e);
        return Problem.of(500, "the service failed to handle this request; the error is logged").toResponse();
    }

    private static String describe(int status) {
        return switch (status) {
            case 404 -> "no resource at this path";
            case 405 -> "this method is not allowed on this path";
            case 406 -> "this resource is only available as application/json";
            case 415 -> "this endpoint accepts only application/json";
            default -> Response.Status.fromStatusCode(status) != null
                    ? Response.Status.fromStatusCode(status).getReasonPhrase()
                    : "HTTP " + status;
        };
    }
}
