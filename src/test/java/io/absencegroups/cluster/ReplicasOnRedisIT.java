package io.absencegroups.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.absencegroups.testing.FakeMyProtime;
import io.absencegroups.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three instances of the packaged jar on one Redis, against a myProtime of their own
 * ({@link FakeMyProtime}): the redis shape as it runs in a cluster, with the prod profile.
 * <p>
 * The test plays myProtime's sender: every change it makes to the tenant goes out as a signed delivery,
 * shuffled, some twice, to the pods in turn. Then the owner is killed with SIGKILL, and then every pod
 * is replaced one by one (a rolling update: the new pod is ready before the old one gets SIGTERM), with
 * deliveries going on throughout. A delivery is taken off a pod before the pod is stopped, as a
 * Service's endpoints are; one that hits a dying pod is sent again to another, as myProtime retries.
 * At the end every pod serves exactly the tenant's groups, every delivery a live pod answered was a 200,
 * and myProtime has exactly one Enabled webhook: a rollout and a failover take the webhook over, they
 * never register another.
 */
class ReplicasOnRedisIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = TestRedis.uniquePrefix();
    private static final long SEED = Long.getLong("cluster.seed", System.nanoTime());

    private static final List<Pod> ALL_PODS = new CopyOnWriteArrayList<>();

    @AfterAll
    static void cleanUp() {
        ALL_PODS.forEach(Pod::kill);
        TestRedis.deleteAll(TestRedis.URL, PREFIX);
    }

    @Test
    void replicasStayEqualToTheTenantThroughAFailoverAndARollingRestart() throws Exception {
        assertTrue(Files.exists(JAR), "needs the packaged jar: run ./mvnw verify (not a native run)");
        TestRedis.deleteAll(TestRedis.URL, PREFIX); // fails loudly when there is no Redis
        System.out.println("[cluster] seed " + SEED + " (replay with -Dcluster.seed=" + SEED + "), key prefix " + PREFIX);
        try (FakeMyProtime myProtime = new FakeMyProtime(Duration.ofDays(7))) {
            Tenant tenant = new Tenant(myProtime, new Random(SEED));
            tenant.seed(300);

            List<Pod> live = new CopyOnWriteArrayList<>();
            int next = 0;
            for (; next < 3; next++) {
                live.add(Pod.start(next, myProtime));
            }
            for (Pod pod : live) {
                pod.awaitReady();
            }
            await("one webhook registered").atMost(Duration.ofSeconds(60)).until(() -> myProtime.enabledWebhooks().size() == 1);
            Pod owner = await("one owner").atMost(Duration.ofSeconds(60))
                    .until(() -> owners(live), found -> found.size() == 1).get(0);

            Sender sender = new Sender(tenant, myProtime, live, new Random(SEED + 1));
            Thread sending = new Thread(sender, "cluster-deliveries");
            sending.start();
            await("deliveries to three pods").atMost(Duration.ofSeconds(60)).until(() -> sender.sent.get() >= 600);

            // failover: the owner dies without a word
            live.remove(owner);
            long killedAt = System.nanoTime();
            owner.kill();
            Pod successor = await("a new owner acting").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> activeOwners(live), found -> found.size() == 1).get(0);
            long failoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            System.out.printf("[cluster] owner %s killed; %s acting as owner after %d ms (lease ttl 15 s)%n",
                    owner.name, successor.name, failoverMillis);
            Pod replacement = Pod.start(next++, myProtime);
            replacement.awaitReady();
            live.add(replacement);

            // rolling restart: a new pod is ready before an old one is taken out of the rotation and stopped
            for (Pod old : List.copyOf(live)) {
                Pod fresh = Pod.start(next++, myProtime);
                fresh.awaitReady();
                live.add(fresh);
                live.remove(old);
                old.terminate();
            }
            int before = sender.sent.get();
            await("deliveries after the rollout").atMost(Duration.ofSeconds(60)).until(() -> sender.sent.get() >= before + 200);
            sender.stop();
            sending.join();

            Map<Long, String> truth = tenant.versions();
            for (Pod pod : live) {
                await(pod.name + " equals the tenant").atMost(Duration.ofSeconds(30))
                        .until(() -> pod.versions().equals(truth));
            }
            System.out.printf("[cluster] %d changes, %d deliveries (%d resent after a pod went away), %d groups at the end, %d pods started%n",
                    tenant.changes, sender.sent.get(), sender.resent.get(), truth.size(), next);
            assertThat("deliveries a live pod did not answer 200", sender.refusals, empty());
            assertThat("webhooks Enabled upstream", myProtime.enabledWebhooks(), hasSize(1));
            assertThat("webhooks ever registered", myProtime.webhooks(), hasSize(1));
            assertThat(sender.sent.get(), greaterThan(800));
            // the last pod stopped was the owner: it released the lease, and another pod takes it at its next
            // lease tick (protime.redis.lease-renew-every, 5 s)
            await("one owner at the end").atMost(Duration.ofSeconds(30)).until(() -> owners(live).size() == 1);
        }
    }

    private static List<Pod> owners(List<Pod> pods) {
        return pods.stream().filter(pod -> pod.subscription().map(s -> s.at("/store/owner").asBoolean()).orElse(false)).toList();
    }

    private static List<Pod> activeOwners(List<Pod> pods) {
        return pods.stream().filter(pod -> pod.subscription()
                .map(s -> s.at("/store/owner").asBoolean() && "ACTIVE".equals(s.path("state").asText())).orElse(false)).toList();
    }

    /** The tenant's groups: every change made here is also a delivery to send. */
    static final class Tenant {
        private final FakeMyProtime myProtime;
        private final Random random;
        private final TreeMap<Long, Long> versions = new TreeMap<>();
        private long version = 1;
        private long nextId = 1;
        int changes;

        Tenant(FakeMyProtime myProtime, Random random) {
            this.myProtime = myProtime;
            this.random = random;
        }

        synchronized void seed(int count) {
            for (int i = 0; i < count; i++) {
                upsert(nextId++);
            }
            changes = 0;
        }

        /** One change (an update, a new group or a delete) and its delivery body. */
        synchronized String change() {
            changes++;
            int kind = random.nextInt(10);
            if (kind < 2 || versions.isEmpty()) {
                return upsert(nextId++);
            }
            Long picked = versions.ceilingKey(1 + (long) random.nextInt((int) (nextId - 1)));
            long id = picked != null ? picked : versions.firstKey();
            if (kind < 3) {
                long deleted = version++;
                versions.remove(id);
                myProtime.remove(id);
                return "{\"changeType\":\"Delete\",\"data\":{\"id\":" + id + ",\"changeVersion\":\"" + hex(deleted) + "\"}}";
            }
            return upsert(id);
        }

        private String upsert(long id) {
            long v = version++;
            String group = "{\"id\":" + id + ",\"changeVersion\":\"" + hex(v) + "\",\"name\":{\"default\":\"Group " + id + " v" + v
                    + "\",\"translations\":{\"nl\":\"Groep " + id + "\"}},\"type\":\"Absence\"}";
            versions.put(id, v);
            myProtime.put(id, group);
            return "{\"changeType\":\"InsertOrUpdate\",\"data\":" + group + "}";
        }

        synchronized Map<Long, String> versions() {
            Map<Long, String> copy = new TreeMap<>();
            versions.forEach((id, v) -> copy.put(id, hex(v)));
            return copy;
        }

        static String hex(long v) {
            return String.format("%020X", v);
        }
    }

    /** myProtime's sender: batches of changes, shuffled with duplicates, to the live pods in turn. */
    static final class Sender implements Runnable {
        private final Tenant tenant;
        private final FakeMyProtime myProtime;
        private final List<Pod> live;
        private final Random random;
        private final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger resent = new AtomicInteger();
        final List<String> refusals = new CopyOnWriteArrayList<>();
        private int turn;

        Sender(Tenant tenant, FakeMyProtime myProtime, List<Pod> live, Random random) {
            this.tenant = tenant;
            this.myProtime = myProtime;
            this.live = live;
            this.random = random;
        }

        void stop() {
            running.set(false);
        }

        @Override
        public void run() {
            try {
                send();
            } catch (RuntimeException | AssertionError e) {
                refusals.add("the sender stopped: " + e);
            }
        }

        private void send() {
            while (running.get()) {
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    String body = tenant.change();
                    batch.add(body);
                    if (random.nextInt(4) == 0) {
                        batch.add(body);
                    }
                }
                Collections.shuffle(batch, random);
                batch.forEach(this::deliver);
            }
        }

        private void deliver(String body) {
            String key = myProtime.enabledWebhooks().get(0).key();
            for (int attempt = 0; ; attempt++) {
                Pod pod = live.get(Math.floorMod(turn++, live.size()));
                try {
                    int status = pod.deliver(body, sign(key, body));
                    sent.incrementAndGet();
                    if (status == 200) {
                        return;
                    }
                    if (live.contains(pod)) {
                        refusals.add(pod.name + " answered " + status);
                    }
                } catch (IOException | InterruptedException e) {
                    if (live.contains(pod)) {
                        refusals.add(pod.name + " failed: " + e);
                    }
                }
                resent.incrementAndGet();
                if (attempt > 50) {
                    throw new AssertionError("no pod took a delivery in 50 attempts");
                }
            }
        }

        private static String sign(String key, String body) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One instance of the packaged jar with the prod profile and the redis backend. */
    static final class Pod {
        final String name;
        private final Process process;
        private final String base;
        private final Path log;

        private Pod(String name, Process process, String base, Path log) {
            this.name = name;
            this.process = process;
            this.base = base;
            this.log = log;
        }

        static Pod start(int index, FakeMyProtime myProtime) throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            String name = "pod-" + index;
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx160m", "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                    "-Dprotime.store.backend=redis", "-Dquarkus.redis.hosts=" + TestRedis.URL, "-Dprotime.redis.key-prefix=" + PREFIX,
                    "-Dprotime.upstream.base-url=" + myProtime.root() + FakeMyProtime.API,
                    "-Dquarkus.oidc-client.token-path=" + myProtime.root() + FakeMyProtime.TOKEN,
                    "-Dquarkus.oidc-client.client-id=cluster-it", "-Dquarkus.oidc-client.credentials.client-secret.value=cluster-it-secret",
                    "-Dprotime.subscription.destination-url=https://cluster.example/webhooks/absence-groups",
                    "-Dprotime.webhook.signature-header=X-Protime-Signature", "-Dprotime.upstream.user-agent=AbsenceGroupsCache/it (ReplicasOnRedisIT)",
                    "-Dquarkus.shutdown.delay=1s"));
            command.addAll(List.of("-jar", JAR.toString()));
            Path log = Path.of("target", "cluster-" + name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("HOSTNAME", name);
            Pod pod = new Pod(name, builder.start(), "http://127.0.0.1:" + port, log);
            ALL_PODS.add(pod);
            return pod;
        }

        void awaitReady() {
            await(name + " ready").atMost(Duration.ofSeconds(90)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited; its log: " + log);
                }
                return status("/q/health/ready") == 200;
            });
        }

        int deliver(String body, String signature) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/webhooks/absence-groups"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .header("X-Protime-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        Optional<JsonNode> subscription() {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/subscription"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                return Optional.of(JSON.readTree(response.body()));
            } catch (IOException | InterruptedException e) {
                return Optional.empty();
            }
        }

        /** id → changeVersion of every group this pod serves. */
        Map<Long, String> versions() throws IOException, InterruptedException {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/absence-groups"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            Map<Long, String> versions = new TreeMap<>();
            if (response.statusCode() == 200) {
                JSON.readTree(response.body()).path("value")
                        .forEach(group -> versions.put(group.path("id").asLong(), group.path("changeVersion").asText()));
            }
            return versions;
        }

        int status(String path) {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException | InterruptedException e) {
                return -1;
            }
        }

        void kill() {
            process.destroyForcibly();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** SIGTERM, as Kubernetes stops a pod, and waits for the exit. */
        void terminate() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " did not stop within 40 s of SIGTERM; its log: " + log);
            }
        }
    }
}
