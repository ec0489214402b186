package io.absencegroups.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The {@code protime.*} settings that are not one feature's own: the switch that turns the whole
 * subscription off (the subscription and the reconcile both read it, and {@code sync} must not depend on
 * {@code subscription}), and the read API's limits. Each feature's own settings sit next to it:
 * {@code StoreConfig} ({@code protime.store}), {@code ReceiverConfig} ({@code protime.webhook}),
 * {@code WebhookKeyConfig} ({@code protime.webhook} keys), {@code UpstreamConfig} ({@code protime.upstream}),
 * {@code SubscriptionConfig} ({@code protime.subscription}), {@code SyncConfig} ({@code protime.sync}) and, in
 * dev and test builds only, {@code SimulatorConfig} ({@code protime.simulator}).
 * <p>
 * Every setting is listed in docs/configuration.md; every time is a {@link java.time.Duration}
 * (ISO-8601 such as {@code PT10S}, or Quarkus's short form such as {@code 10s}). As the one mapping of the
 * {@code protime} root, this one makes a misspelt {@code protime.*} name fail the start instead of being ignored.
 */
@ConfigMapping(prefix = "protime")
public interface ProtimeConfig {

    /** The read API. */
    Api api();

    /** The subscription as a whole. */
    Subscription subscription();

    interface Api {
        /** The page size of {@code GET /absence-groups/changes} when the consumer gives no {@code limit}. */
        @WithDefault("1000")
        int changesDefaultLimit();

        /** The largest {@code limit} a consumer may ask for. */
        @WithDefault("10000")
        int changesMaxLimit();
    }

    interface Subscription {
        /**
         * Whether the service manages a webhook and syncs with myProtime at all. When false it makes no
         * upstream call: no webhook, no full sync, no reconcile, and readiness does not wait for them.
         */
        @WithDefault("true")
        boolean enabled();
    }
}
