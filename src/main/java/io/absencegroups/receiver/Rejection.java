package io.absencegroups.receiver;

/** Why a delivery was refused: its HTTP status and its tag in the metrics. */
enum Rejection {
    TOO_LARGE(413, "too_large"),
    NOT_JSON(415, "not_json"),
    TOO_SLOW(408, "too_slow"),
    EMPTY(400, "empty"),
    SIGNATURE(401, "signature"),
    MALFORMED(400, "malformed"),
    /** The shared store could not take the delivery: nothing was applied; myProtime sends it again. */
    STORE_UNAVAILABLE(503, "store_unavailable");

    final int status;
    /** The {@code reason} tag of {@code absencegroups.webhook.deliveries}. */
    final String tag;

    Rejection(int status, String tag) {
        this.status = status;
        this.tag = tag;
    }
}
