package io.absencegroups.subscription;

import io.absencegroups.upstream.CreatedWebhook;
import io.absencegroups.upstream.IsRejection;
import io.absencegroups.upstream.MalformedUpstreamResponse;
import io.absencegroups.upstream.MyProtime;
import io.absencegroups.upstream.NextLinks;
import io.absencegroups.upstream.UpstreamException;
import io.absencegroups.upstream.WebhookPage;
import io.absencegroups.upstream.UpstreamWebhook;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The lifecycle's view of myProtime's webhooks, for this service's destination URL and collection; counts creates and deletes. */
final class MyProtimeWebhooks implements Webhooks {

    private static final int MAX_PAGES = 100;

    private final MyProtime myProtime;
    private final String destinationUrl;
    private final String collectionName;
    private final MeterRegistry registry;
    private final Clock clock;

    MyProtimeWebhooks(MyProtime myProtime, String destinationUrl, String collectionName, MeterRegistry registry, Clock clock) {
        this.myProtime = myProtime;
        this.destinationUrl = destinationUrl;
        this.collectionName = collectionName;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public Uni<CreatedWebhook> create() {
        return myProtime.createWebhook(destinationUrl, collectionName)
                .invoke(created -> count("absencegroups.webhook.creates", "success"))
                .onFailure().invoke(failure -> count("absencegroups.webhook.creates",
                        IsRejection.INSTANCE.test(failure) ? "rejected" : "failure"));
    }

    @Override
    public Uni<Optional<String>> status(String id) {
        return myProtime.webhook(id)
                .map(webhook -> {
                    if (webhook.status() == null || webhook.status().isBlank()) {
                        // not a reason to replace a webhook every check: report it as a failed check
                        throw new MalformedUpstreamResponse("myProtime's answer for webhook " + id + " has no status");
                    }
                    return Optional.of(webhook.status());
                })
                .onFailure(MyProtimeWebhooks::notFound).recoverWithItem(Optional.empty());
    }

    @Override
    public Uni<Void> delete(String id) {
        return myProtime.deleteWebhook(id)
                .invoke(() -> count("absencegroups.webhook.deletes", "success"))
                .onFailure(MyProtimeWebhooks::notFound).recoverWithUni(() -> {
                    count("absencegroups.webhook.deletes", "gone");
                    return Uni.createFrom().voidItem();
                })
                .onFailure().invoke(failure -> count("absencegroups.webhook.deletes", "failure"));
    }

    @Override
    public Uni<Map<String, Instant>> leftovers() {
        String filter = "collectionName eq '" + collectionName.replace("'", "''") + "'";
        Map<String, Instant> found = new LinkedHashMap<>();
        return NextLinks.follow(nextLink -> myProtime.webhooks(filter, nextLink), page -> keepOurs(page, found),
                        MAX_PAGES, "at most " + MAX_PAGES + " pages of webhooks")
                // what was found so far is worth deleting
                .onFailure(NextLinks.TooManyPages.class).recoverWithNull()
                .map(ignored -> found);
    }

    private void keepOurs(WebhookPage page, Map<String, Instant> found) {
        for (UpstreamWebhook webhook : page.webhooks()) {
            // the filter may be ignored upstream: match here too
            if (webhook.id() != null && webhook.enabled() && sameUrl(webhook.destinationUrl(), destinationUrl)
                    && (webhook.collectionName() == null || webhook.collectionName().equalsIgnoreCase(collectionName))) {
                found.put(webhook.id(), validUntil(webhook.validUntil()));
            }
        }
    }

    private Instant validUntil(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException unknown) {
            // an unreadable validUntil: kept for deletion as long as any webhook of unknown lifetime
            return clock.instant().plus(DeleteQueue.UNKNOWN_LIFETIME);
        }
    }

    private static boolean sameUrl(String a, String b) {
        return a != null && strip(a).equalsIgnoreCase(strip(b));
    }

    private static String strip(String url) {
        String s = url.strip();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static boolean notFound(Throwable failure) {
        return failure instanceof UpstreamException e && e.status() == 404;
    }

    private void count(String name, String outcome) {
        registry.counter(name, "outcome", outcome).increment();
    }
}
