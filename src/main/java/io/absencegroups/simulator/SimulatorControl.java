package io.absencegroups.simulator;

import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Knobs for a developer watching the service: make changes, inject faults, see the truth. */
@Path(TenantApi.ROOT + "/control")
@Produces(MediaType.APPLICATION_JSON)
@NonBlocking
@IfBuildProfile(anyOf = {"dev", "test"})
@Tag(name = "simulator", description = "A fake myProtime tenant (dev and test builds only)")
public class SimulatorControl {

    @Inject
    SimulatedTenant tenant;

    @Inject
    DeliverySender sender;

    @GET
    @Operation(summary = "The simulator's state: webhooks, counters, faults")
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>(tenant.stats());
        status.putAll(sender.stats());
        return status;
    }

    @GET
    @Path("truth")
    @Operation(summary = "Every absence group as the simulated tenant has it now")
    public Map<String, Object> truth() {
        return Map.of("value", List.copyOf(tenant.truth().values()));
    }

    @POST
    @Path("changes")
    @Operation(summary = "Make this many random changes now, and deliver them")
    public Map<String, Object> changes(@QueryParam("count") @DefaultValue("1") int count) {
        for (int i = 0; i < Math.min(count, 10_000); i++) {
            sender.deliver(tenant.randomChange());
        }
        return status();
    }

    @POST
    @Path("save-all")
    @Operation(summary = "Re-save every group (a burst with new changeVersions and the same data)")
    public Map<String, Object> saveAll() {
        sender.deliver(tenant.saveAllNow());
        return status();
    }

    @POST
    @Path("outage")
    @Operation(summary = "Answer 503 to every API call for a while (default one minute)")
    public Map<String, Object> outage(@QueryParam("for") @DefaultValue("PT1M") String duration) {
        try {
            tenant.outageFor(Duration.parse(duration));
        } catch (java.time.format.DateTimeParseException e) {
            throw io.absencegroups.api.ProblemException.badRequest("'for' must be an ISO-8601 duration such as PT1M");
        }
        return status();
    }

    @POST
    @Path("disable-webhooks")
    @Operation(summary = "Disable every webhook now, as failed deliveries would")
    public Map<String, Object> disableWebhooks() {
        tenant.disableWebhooks();
        return status();
    }

    @POST
    @Path("pause-deliveries")
    @Operation(summary = "Keep changing groups but deliver nothing (missed events)")
    public Map<String, Object> pause() {
        tenant.pauseDeliveries(true);
        return status();
    }

    @POST
    @Path("resume-deliveries")
    @Operation(summary = "Deliver changes again")
    public Map<String, Object> resume() {
        tenant.pauseDeliveries(false);
        return status();
    }
}
