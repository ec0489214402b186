package io.absencegroups.watch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;

/** Open streams, events sent by kind, and streams closed by reason; registered once, counted without lookups. */
final class WatchMetrics {

    private final Map<WatchEvent.Kind, Counter> sent = new EnumMap<>(WatchEvent.Kind.class);
    private final Map<CloseReason, Counter> closed = new EnumMap<>(CloseReason.class);

    WatchMetrics(MeterRegistry registry, IntSupplier openStreams) {
        Gauge.builder("absencegroups.watch.streams", openStreams, IntSupplier::getAsInt)
                .description("Watch streams open now")
                .strongReference(true)
                .register(registry);
        for (WatchEvent.Kind kind : WatchEvent.Kind.values()) {
            sent.put(kind, Counter.builder("absencegroups.watch.events")
                    .description("Events written to watch streams, by event name")
                    .tag("event", kind.eventName())
                    .register(registry));
        }
        for (CloseReason reason : CloseReason.values()) {
            closed.put(reason, Counter.builder("absencegroups.watch.closes")
                    .description("Watch streams ended, by reason")
                    .tag("reason", reason.tag())
                    .register(registry));
        }
    }

    void sent(WatchEvent.Kind kind) {
        sent.get(kind).increment();
    }

    void closed(CloseReason reason) {
        closed.get(reason).increment();
    }
}
