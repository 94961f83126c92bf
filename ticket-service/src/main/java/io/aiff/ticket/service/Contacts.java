package io.aiff.ticket.service;

import io.aiff.common.problem.ProblemException;
import io.aiff.ticket.config.TicketConfig;
import io.aiff.ticket.repository.TicketRepository.ContactKeys;
import io.aiff.ticket.repository.TicketRepository.StoredContact;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Customer contacts (a phone number or an e-mail address): the encryption key for pgcrypto (bound into SQL, never
 * written anywhere), the keyed blind index for lookups, and the masked form shown without tickets:read_contact.
 * Each encrypted contact records which key encrypted it ({@link #keyId}, a fingerprint of the key, never the key), so
 * during a rotation reads pick the right key and {@link ContactKeyRotation} re-encrypts what is left under the
 * previous one.
 */
@ApplicationScoped
public class Contacts {

    private final String encryptionKey;
    private final String keyId;
    private final String previousKey;
    private final ContactKeys keys;
    private final SecretKeySpec indexKey;

    public Contacts(TicketConfig config) {
        String encryptionKey = config.contactEncryptionKey();
        String indexKey = config.contactIndexKey();
        var previous = config.contactPreviousEncryptionKey();
        if (encryptionKey.length() < 16 || indexKey.length() < 16 || previous.filter(k -> k.length() < 16).isPresent()) {
            throw new IllegalStateException("The contact keys must be at least 16 characters (AIFF_CONTACT_ENCRYPTION_KEY, "
                    + "AIFF_CONTACT_PREVIOUS_ENCRYPTION_KEY, AIFF_CONTACT_INDEX_KEY)");
        }
        this.encryptionKey = encryptionKey;
        this.keyId = fingerprint(encryptionKey);
        this.previousKey = previous.filter(k -> !k.equals(encryptionKey)).orElse(null);
        // The key that opens contacts not (yet) under the current one: the previous key during a rotation (contacts
        // written before V9 name no key and were written with it), else the current one.
        this.keys = previousKey == null ? new ContactKeys(encryptionKey, keyId, encryptionKey, keyId, false)
                : new ContactKeys(encryptionKey, keyId, previousKey, fingerprint(previousKey), true);
        this.indexKey = new SecretKeySpec(indexKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The keys, for binding into statements only. */
    public ContactKeys keys() {
        return keys;
    }

    /** The fingerprint stored beside each contact encrypted with the current key. */
    public String keyId() {
        return keyId;
    }

    /** True while a rotation is under way (a previous key is configured). */
    public boolean rotating() {
        return previousKey != null;
    }

    /**
     * 16 hex characters of PBKDF2-HMAC-SHA256 of the key (200,000 iterations, a fixed salt): tells keys apart without
     * revealing them, and makes testing guesses against a stored fingerprint slow. Computed once per key at start.
     */
    static String fingerprint(String key) {
        try {
            var spec = new PBEKeySpec(key.toCharArray(), "aiff contact key id".getBytes(StandardCharsets.UTF_8), 200_000, 64);
            return HexFormat.of().formatHex(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A contact as the repository stores it: encrypted under the current key, its blind index and masked form. */
    public StoredContact stored(String contact) {
        return new StoredContact(contact.strip(), encryptionKey, keyId, blindIndex(contact), mask(contact));
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
        return HexFormat.of().formatHex(hmac(indexKey, normalise(contact)));
    }

    private static byte[] hmac(SecretKeySpec key, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
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
