package io.absencegroups.upstream;

/**
 * myProtime answered with success, but the body lacks what this service needs (a webhook key, a
 * {@code validUntil}, a page's {@code value}). Not retried: the same call would get the same answer.
 */
public class MalformedUpstreamResponse extends RuntimeException {

    private final String webhookId;

    public MalformedUpstreamResponse(String message) {
        this(message, null);
    }

    /**
     * @param webhookId the webhook the response created, when known, so it can be deleted: a webhook
     *                  whose key or lifetime is unknown is of no use
     */
    public MalformedUpstreamResponse(String message, String webhookId) {
        super(message, null, false, false);
        this.webhookId = webhookId;
    }

    /** The id of the webhook the broken response created, or null. */
    public String webhookId() {
        return webhookId;
    }
}
