package dsms.node.security;

import dsms.core.Checks;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * API keys derived from the cluster secret and the user ID, so the front end checks a key without
 * a user database: a key is {@code USERID.TOKEN}, where the token is an HMAC-SHA256 of the user ID
 * under the secret. The acting user always comes from a verified key, never from a request body.
 */
public final class ApiKeys {
    /** Separates the key's purpose from other uses of the same secret (datagram HMACs). */
    private static final String DOMAIN_SEPARATOR = "dsms-api-key-v1:";

    private final SecretKeySpec key;

    public ApiKeys(String secretHex) {
        byte[] secret = HexFormat.of().parseHex(secretHex.trim());
        Checks.check(secret.length >= 16, "the cluster secret has at least 16 bytes");
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The key of {@code userId} (normalised to upper case). */
    public String issue(String userId) {
        String normalised = userId.toUpperCase(Locale.ROOT);
        return normalised + "." + token(normalised);
    }

    /** The user a key belongs to, or empty when the key is malformed or was not issued by us. */
    public Optional<String> verify(String apiKey) {
        if (apiKey == null) {
            return Optional.empty();
        }
        int dot = apiKey.indexOf('.');
        if (dot <= 0 || dot == apiKey.length() - 1) {
            return Optional.empty();
        }
        String userId = apiKey.substring(0, dot);
        byte[] expected = token(userId).getBytes(StandardCharsets.US_ASCII);
        byte[] given = apiKey.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        // A constant-time comparison does not reveal how much of a guessed token was right.
        return MessageDigest.isEqual(expected, given) ? Optional.of(userId) : Optional.empty();
    }

    private String token(String userId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((DOMAIN_SEPARATOR + userId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            // Every Java platform is required to provide HmacSHA256.
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
