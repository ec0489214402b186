package io.absencegroups.receiver;

import io.absencegroups.api.Problem;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.absencegroups.receiver.Deliveries.PATH;
import static io.absencegroups.receiver.Deliveries.post;
import static io.absencegroups.receiver.Deliveries.upsert;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that trickle their bodies hold nothing but their own connection, and not for long:
 * others are answered meanwhile, and the trickler is cut off after the body timeout (5 s in the
 * test profile) with 408.
 */
@QuarkusTest
class SlowClientTest {

    private static final String HEAD = "POST " + PATH + " HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/json\r\nContent-Length: 500\r\n\r\n";

    @Test
    void whileClientsTrickleTheirBodiesOthersAreAnswered() throws Exception {
        List<RawHttp> tricklers = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                RawHttp trickler = new RawHttp();
                trickler.send(HEAD);
                trickler.send("{\"changeType\":");
                tricklers.add(trickler);
            }

            given().get("/absence-groups").then().statusCode(200);
            post(upsert(30001, 1, "fast")).then().statusCode(200).body("applied", is(1));
            given().get("/absence-groups/30001").then().statusCode(200).body("name.default", is("fast"));

            for (RawHttp trickler : tricklers) {
                trickler.send("\"Ins");
            }
            post(upsert(30001, 2, "still fast")).then().statusCode(200).body("applied", is(1));
        } finally {
            for (RawHttp trickler : tricklers) {
                trickler.close();
            }
        }
    }

    @Test
    void aClientThatTricklesPastTheBodyTimeoutIsCutOff() throws Exception {
        StoreState before = StoreState.read();
        try (RawHttp trickler = new RawHttp()) {
            trickler.send(HEAD);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
                trickler.send(" ");
                return trickler.answered();
            });

            RawHttp.Reply reply = trickler.read();
            assertEquals(408, reply.status());
            assertEquals(Problem.MEDIA_TYPE, reply.headers().get("content-type"));
            assertEquals("close", reply.headers().get("connection"));
            assertTrue(reply.body().contains("did not arrive whole"), reply.body());
        }
        assertEquals(before, StoreState.read());
    }
}
