package io.absencegroups.simulator;

/** Why the simulated tenant refused a request, in myProtime's error shape. */
public record Refusal(int status, String code, String message) {
}
