package io.absencegroups.receiver;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * The receiver: where myProtime POSTs its deliveries, and how they are checked ({@code protime.webhook.*}).
 * The webhook keys that verify them are the key ring's settings, {@code WebhookKeyConfig}, under the same prefix.
 */
@ConfigMapping(prefix = "protime.webhook")
public interface ReceiverConfig {

    /** The path that receives myProtime's deliveries (POST); the webhook's destination URL ends with it. */
    @WithDefault("/webhooks/absence-groups")
    String path();

    /** A delivery larger than this is refused with 413, before it is read whole ({@code 256K} = 256 KiB). */
    @WithDefault("256K")
    MemorySize maxBodySize();

    /**
     * A delivery whose body has not arrived whole this long after its headers is refused with
     * 408 and its connection closed, so a client that trickles bytes cannot hold a connection.
     */
    @WithDefault("10s")
    Duration bodyTimeout();

    /**
     * The request header that carries the signature. Unset: a delivery is authentic when any
     * of its headers carries a valid signature, and each header that did is named once in the
     * log so it can be pinned here.
     */
    Optional<String> signatureHeader();

    /**
     * {@code enforce}: a delivery without a valid signature gets 401 and changes nothing.
     * {@code report}: it is applied, and the mismatch is logged and counted (for the first
     * connection to a tenant). {@code off}: no check at all, for development only.
     */
    @WithDefault("enforce")
    SignatureMode signatureMode();
}
