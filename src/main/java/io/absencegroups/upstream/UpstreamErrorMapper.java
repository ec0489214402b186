package io.absencegroups.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Turns every error status from myProtime into an {@link UpstreamException} with the status, Retry-After and error body. */
final class UpstreamErrorMapper implements ResponseExceptionMapper<UpstreamException> {

    private static final String RETRY_AFTER = "Retry-After";

    private final ObjectMapper mapper;

    UpstreamErrorMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public UpstreamException toThrowable(Response response) {
        String body = null;
        try {
            if (response.hasEntity()) {
                body = response.readEntity(String.class);
            }
        } catch (RuntimeException unreadable) {
            body = null;
        }
        return new UpstreamException(response.getStatus(),
                retryAfter(response.getHeaderString(RETRY_AFTER)), ErrorBody.summarise(mapper, body));
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    /** {@code Retry-After} is either delay-seconds or an HTTP date; anything else is ignored. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(Instant.now(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    @Override
    public int getPriority() {
        return 0;
    }
}
