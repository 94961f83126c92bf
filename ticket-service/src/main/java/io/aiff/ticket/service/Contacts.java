package io.aiff.ticket.service;

import io.aiff.common.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Customer contacts (a phone number or an e-mail address): the encryption key for pgcrypto (bound into SQL, never
 * written anywhere), the keyed blind index for lookups, and the masked form shown without tickets:read_contact.
 * Rotation: see the service README (re-encrypt with both keys configured, then drop the old one).
 */
@ApplicationScoped
public class Contacts {

    private final String encryptionKey;
    private final SecretKeySpec indexKey;

    public Contacts(@ConfigProperty(name = "aiff.tickets.contact-encryption-key") String encryptionKey,
                    @ConfigProperty(name = "aiff.tickets.contact-index-key") String indexKey) {
        if (encryptionKey.length() < 16 || indexKey.length() < 16) {
            throw new IllegalStateException("The contact keys must be at least 16 characters (AIFF_CONTACT_ENCRYPTION_KEY, AIFF_CONTACT_INDEX_KEY)");
        }
        this.encryptionKey = encryptionKey;
        this.indexKey = new SecretKeySpec(indexKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** For binding only. */
    public String encryptionKey() {
        return encryptionKey;
    }

    /** The contact as compared: e-mail lower case; a phone number as its digits (with a leading + kept). */
    public static String normalise(String contact) {
        String value = contact.strip();
        if (value.contains("@")) {
            return value.toLowerCase(Locale.ROOT);
        }
        String digits = value.replaceAll("[^0-9]", "");
        if (digits.length() < 6 || digits.length() > 15) {
            throw ProblemException.badRequest("customer_contact", "must be a phone number or an e-mail address");
        }
        return (value.startsWith("+") ? "+" : "") + digits;
    }

    public String blindIndex(String contact) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(indexKey);
            return HexFormat.of().formatHex(mac.doFinal(normalise(contact).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code a•••@example.com}, {@code •••••4567}. */
    public static String mask(String contact) {
        String value = normalise(contact);
        int at = value.indexOf('@');
        if (at > 0) {
            return value.charAt(0) + "•••" + value.substring(at);
        }
        return "•".repeat(Math.max(0, value.length() - 4)) + value.substring(value.length() - 4);
    }
}
