package io.absencegroups.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboard and the PrometheusRule under {@code deploy/monitoring/} ask only for metrics and labels the
 * service exposes: every metric name in their PromQL is a series on {@code /q/metrics}, and every label in a
 * selector or a {@code by (...)} clause is a label of one of the expression's metrics. The service registers its
 * meters at start, so they are there before anything happened; one read request brings Quarkus's HTTP timer.
 */
@QuarkusTest
class MonitoringFilesTest {

    private static final Path DASHBOARD = Path.of("deploy/monitoring/grafana-dashboard.json");
    private static final Path RULE = Path.of("deploy/monitoring/prometheus-rule.yaml");
    /** Labels Prometheus adds when it scrapes (target labels), not the service. */
    private static final Set<String> SCRAPE_LABELS = Set.of("namespace", "pod", "job", "instance", "service");
    private static final Pattern METRIC = Pattern.compile("\\b((?:absencegroups|http_server)_[a-z0-9_]+)\\b");
    private static final Pattern SELECTOR = Pattern.compile("\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    @Test
    void everyMetricAndLabelOfTheDashboardAndTheAlertsExists() throws IOException {
        given().get("/absence-groups").then().statusCode(200);
        Map<String, Set<String>> exposed = exposed(given().get("/q/metrics").then().statusCode(200).extract().asString());

        Map<String, String> expressions = new LinkedHashMap<>();
        expressions.putAll(dashboardExpressions());
        expressions.putAll(ruleExpressions());
        assertTrue(expressions.size() >= 15, "expressions found: " + expressions.keySet());

        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : expressions.entrySet()) {
            String expr = e.getValue();
            Set<String> metrics = metrics(expr);
            if (metrics.isEmpty()) {
                problems.add(e.getKey() + ": no metric of the service in " + expr);
            }
            Set<String> labelsOfTheseMetrics = new LinkedHashSet<>();
            for (String metric : metrics) {
                Set<String> labels = exposed.get(metric);
                if (labels == null) {
                    problems.add(e.getKey() + ": " + metric + " is not on /q/metrics");
                } else {
                    labelsOfTheseMetrics.addAll(labels);
                }
            }
            for (String label : labels(expr)) {
                if (!SCRAPE_LABELS.contains(label) && !labelsOfTheseMetrics.contains(label)) {
                    problems.add(e.getKey() + ": label " + label + " is on none of " + metrics);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theRuleHasTheAlertsAnOperatorActsOn() throws IOException {
        JsonNode rule = new YAMLMapper().readTree(RULE.toFile());
        assertEquals("monitoring.coreos.com/v1", rule.path("apiVersion").asText());
        assertEquals("PrometheusRule", rule.path("kind").asText());
        Set<String> alerts = ruleExpressions().keySet();
        assertEquals(Set.of("rule AbsenceGroupsSubscriptionNotReady", "rule AbsenceGroupsWebhookExpiring",
                "rule AbsenceGroupsSignatureFailures", "rule AbsenceGroupsNoDeliveries", "rule AbsenceGroupsFullSyncFailing"),
                alerts);
        assertEquals("5m", rule.at("/spec/groups/0/rules/0/for").asText(), "not ready for 5 minutes");
    }

    /** Series name -> the label names it carries, from the Prometheus text format. */
    private static Map<String, Set<String>> exposed(String metrics) {
        Map<String, Set<String>> exposed = new LinkedHashMap<>();
        for (String line : metrics.split("\n")) {
            Matcher m = SERIES.matcher(line);
            if (line.startsWith("#") || !m.find()) {
                continue;
            }
            Set<String> labels = exposed.computeIfAbsent(m.group(1), name -> new LinkedHashSet<>());
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.add(l.group(1));
                }
            }
        }
        return exposed;
    }

    private static Map<String, String> dashboardExpressions() throws IOException {
        Map<String, String> found = new LinkedHashMap<>();
        for (JsonNode panel : new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                found.put("panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
                        target.path("expr").asText());
            }
        }
        return found;
    }

    private static Map<String, String> ruleExpressions() throws IOException {
        Map<String, String> found = new LinkedHashMap<>();
        for (JsonNode group : new YAMLMapper().readTree(RULE.toFile()).path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                found.put("rule " + rule.path("alert").asText(), rule.path("expr").asText());
            }
        }
        return found;
    }

    private static Set<String> metrics(String expr) {
        Set<String> metrics = new LinkedHashSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            metrics.add(m.group(1));
        }
        return metrics;
    }

    private static Set<String> labels(String expr) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher selector = SELECTOR.matcher(expr);
        while (selector.find()) {
            // strip quoted values first: a regex value may hold '=' or names
            Matcher m = MATCHER.matcher(selector.group(1).replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""));
            while (m.find()) {
                labels.add(m.group(1));
            }
        }
        Matcher grouping = GROUPING.matcher(expr);
        while (grouping.find()) {
            for (String name : grouping.group(1).split(",")) {
                if (!name.isBlank()) {
                    labels.add(name.strip());
                }
            }
        }
        return labels;
    }
}
