package io.absencegroups.subscription;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of a {@code 202} to an operator action.
 *
 * @param action what was asked for: {@code sync} or {@code replace}
 * @param joined true when one was already running and this request joined it instead of starting another
 * @param detail what happens now, in a sentence
 * @param watch  where its progress shows
 */
@RegisterForReflection
public record OperatorAction(String action, boolean joined, String detail, String watch) {
}
