package io.absencegroups.receiver;

/** What the receiver does with a delivery whose signature is missing or does not match. */
public enum SignatureMode {
    /** Refuse it with 401; nothing is applied. The default. */
    ENFORCE,
    /**
     * Apply it, but log and count the mismatch: for the first connection to a real tenant, whose
     * exact signing scheme is not published, so an operator can check it before enforcing.
     */
    REPORT,
    /** Do not check signatures at all. Development only; the receiver warns at startup. */
    OFF
}
