package io.absencegroups.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * An RFC 9457 problem: the one error body shape of the service, for the read API and the
 * receiver alike. {@code detail} tells the client what to change; it never holds a stack trace,
 * a key or a token.
 *
 * @param type   {@code about:blank} for plain HTTP errors, a URN for the service's own kinds
 */
@Schema(name = "Problem", description = "An RFC 9457 problem: what went wrong, and in detail what to change")
public record Problem(
        @Schema(required = true, description = "about:blank for plain HTTP errors, a URN for the service's own kinds",
                example = "about:blank") String type,
        @Schema(required = true, example = "Bad Request") String title,
        @Schema(required = true, example = "400") int status,
        @Schema(description = "What to change; names the parameter and the value that was wrong") String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final JsonFactory JSON = new JsonFactory();

    public static Problem of(int status, String detail) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        return new Problem("about:blank", title, status, detail);
    }

    /** Written by hand: no reflection, and usable where no JAX-RS writer runs (raw routes). */
    public String toJson() {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator gen = JSON.createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("type", type);
            gen.writeStringField("title", title);
            gen.writeNumberField("status", status);
            if (detail != null) {
                gen.writeStringField("detail", detail);
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(toJson()).build();
    }
}
