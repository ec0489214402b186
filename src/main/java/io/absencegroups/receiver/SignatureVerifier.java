package io.absencegroups.receiver;

import io.absencegroups.subscription.KeyRing;
import io.absencegroups.subscription.KeyRing.SigningKey;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * Checks a delivery's HMAC-SHA256 signature, computed over the raw body bytes, against every key
 * in the key ring (during a webhook replacement there are two).
 * <p>
 * When the header is pinned only that header is read; otherwise every header that holds something
 * shaped like a signature is tried. That is sound: nobody without a key can produce a valid one.
 * Comparison is constant-time. A {@link Mac} is not thread-safe and costs a provider lookup to
 * create, so each thread keeps its own, initialised once per key and reused.
 */
public final class SignatureVerifier {

    private static final String ALGORITHM = "HmacSHA256";

    private final KeyRing keyRing;
    private final String pinnedHeader;
    private final ThreadLocal<ThreadMacs> macs = ThreadLocal.withInitial(ThreadMacs::new);

    /**
     * @param pinnedHeader the header that carries the signature, or null to accept it in any header
     */
    public SignatureVerifier(KeyRing keyRing, String pinnedHeader) {
        this.keyRing = keyRing;
        this.pinnedHeader = pinnedHeader;
    }

    /**
     * Checks the signature of {@code length} body bytes at {@code offset}.
     *
     * @param headers the request's headers, name and value
     */
    public Verdict verify(Iterable<Map.Entry<String, String>> headers, byte[] body, int offset, int length) {
        List<SigningKey> keys = keyRing.activeKeys();
        byte[][] digests = null;
        boolean sawSignature = false;
        boolean sawPinned = false;
        for (Map.Entry<String, String> header : headers) {
            if (pinnedHeader != null) {
                if (!pinnedHeader.equalsIgnoreCase(header.getKey())) {
                    continue;
                }
                sawPinned = true;
            }
            byte[] candidate = EncodedSignature.decode(header.getValue());
            if (candidate == null) {
                continue;
            }
            sawSignature = true;
            if (digests == null) {
                digests = macs.get().digests(keys, body, offset, length);
            }
            for (int i = 0; i < digests.length; i++) {
                if (MessageDigest.isEqual(candidate, digests[i])) {
                    return new Verdict(Verdict.Outcome.VALID, header.getKey(), keys.get(i).name(), keys.size());
                }
            }
        }
        if (sawSignature) {
            return new Verdict(Verdict.Outcome.MISMATCH, null, null, keys.size());
        }
        return new Verdict(sawPinned ? Verdict.Outcome.UNREADABLE : Verdict.Outcome.MISSING, null, null, keys.size());
    }

    /** The header that carries the signature, or null when any header may. */
    public String pinnedHeader() {
        return pinnedHeader;
    }

    /** One thread's {@link Mac}s, one per key of the ring as it was last seen. */
    private static final class ThreadMacs {
        private List<SigningKey> keys;
        private Mac[] macs;
        private byte[][] digests;

        byte[][] digests(List<SigningKey> current, byte[] body, int offset, int length) {
            // the ring replaces its list on every change, so identity says whether the keys changed
            if (current != keys) {
                rebuild(current);
            }
            try {
                for (int i = 0; i < macs.length; i++) {
                    macs[i].update(body, offset, length);
                    macs[i].doFinal(digests[i], 0); // also resets the Mac for the next delivery
                }
            } catch (ShortBufferException e) {
                throw new IllegalStateException(e);
            }
            return digests;
        }

        private void rebuild(List<SigningKey> current) {
            Mac[] next = new Mac[current.size()];
            try {
                for (int i = 0; i < next.length; i++) {
                    next[i] = Mac.getInstance(ALGORITHM);
                    next[i].init(current.get(i).spec());
                }
            } catch (GeneralSecurityException e) {
                // says which algorithm or key failed, never the key material
                throw new IllegalStateException("cannot initialise " + ALGORITHM + ": " + e.getClass().getSimpleName(), e);
            }
            byte[][] buffers = new byte[next.length][EncodedSignature.LENGTH];
            macs = next;
            digests = buffers;
            keys = current;
        }
    }
}
