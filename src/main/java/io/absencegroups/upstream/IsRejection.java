package io.absencegroups.upstream;

import java.util.function.Predicate;

/**
 * myProtime refused the request in a way that trying again soon will not change: a 4xx other than
 * 408 and 429 (a bad destination URL or collection, credentials without the scope, a wrong base URL),
 * or a success answer without what the service needs. Someone has to change a setting.
 */
public final class IsRejection implements Predicate<Throwable> {

    public static final IsRejection INSTANCE = new IsRejection();

    private IsRejection() {
    }

    @Override
    public boolean test(Throwable failure) {
        if (failure instanceof UpstreamException e) {
            return e.status() >= 400 && e.status() < 500 && e.status() != 408 && e.status() != 429;
        }
        return failure instanceof MalformedUpstreamResponse;
    }
}
