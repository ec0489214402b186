package io.absencegroups.upstream;

import java.util.function.Predicate;

/** A 401: the token expired or was revoked. The OIDC filter then fetches a fresh one for the next request. */
final class IsUnauthorized implements Predicate<Throwable> {

    static final IsUnauthorized INSTANCE = new IsUnauthorized();

    private IsUnauthorized() {
    }

    @Override
    public boolean test(Throwable failure) {
        return failure instanceof UpstreamException e && e.status() == 401;
    }
}
