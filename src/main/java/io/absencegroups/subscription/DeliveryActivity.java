package io.absencegroups.subscription;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** When the receiver last accepted a signed delivery; shown on {@code /subscription}. */
@ApplicationScoped
public class DeliveryActivity {

    private final AtomicReference<Instant> last = new AtomicReference<>();

    /** Called by the receiver for each authentic delivery. Lock-free: it runs on the event loop. */
    public void record(Instant at) {
        last.accumulateAndGet(at, (a, b) -> a == null || b.isAfter(a) ? b : a);
    }

    public Optional<Instant> last() {
        return Optional.ofNullable(last.get());
    }
}
