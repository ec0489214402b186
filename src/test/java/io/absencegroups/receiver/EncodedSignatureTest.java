package io.absencegroups.receiver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EncodedSignatureTest {

    /** HMAC-SHA256 of "Hello, World!" with key "It's a Secret to Everybody", computed with openssl. */
    private static final byte[] DIGEST =
            HexFormat.of().parseHex("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");

    @ParameterizedTest
    @ValueSource(strings = {
            "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "SHA256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            "  sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17 ",
            "dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhc=",
            "dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhc",
            "dXEH6g6yUJ_CESIczphLijdXC211hsIsRvQ3nIsEPhc=",
            "sha256=dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhc="
    })
    void hexAndBase64WithOrWithoutPrefixDecodeToTheSameDigest(String value) {
        assertArrayEquals(DIGEST, EncodedSignature.decode(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "sha256=",
            "sha256",
            // one hex digit short, one too many
            "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1",
            "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e170",
            // right length, not hex
            "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1g",
            // Arabic-Indic digits are digits to Character.digit, but not hex
            "٧٥٧107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            // base64 with a character outside both alphabets
            "dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEP*c=",
            // both alphabets mixed
            "dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEP-c=",
            // 44 characters without the padding '='
            "dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhcA",
            // a different prefix
            "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
            // typical headers that are not signatures
            "application/json",
            "keep-alive",
            "Bearer abc.def.ghi",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    })
    void anythingElseIsNotASignature(String value) {
        assertNull(EncodedSignature.decode(value));
    }

    @Test
    void noValueIsNotASignature() {
        assertNull(EncodedSignature.decode(null));
    }
}
