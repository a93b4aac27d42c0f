package io.gamebus.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code tokens --dir DIR --base CONF [--count 200]}: an identity provider for the auth bench.
 * Makes an RSA 2048 and an EC P-256 key pair and an HMAC secret; writes {@code DIR/RS256.txt},
 * {@code ES256.txt} and {@code HS256.txt} ({@code --count} tokens of distinct users each, valid
 * for a day), the public keys as PEM files, and {@code DIR/gamebus-auth.json}: the {@code --base}
 * configuration with an {@code auth} section trusting them ({@code sessionsPerUser allow}, so
 * the tokens can be used again and again).
 */
final class BenchTokens {

    private BenchTokens() {
    }

    static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        Path dir = Path.of(args.string("dir", "bench/target/auth"));
        Path base = Path.of(args.string("base", "bench/gamebus-bench.json"));
        int count = args.integer("count", 200);
        args.rejectUnknown();
        Files.createDirectories(dir);

        KeyPairGenerator rsaGenerator = KeyPairGenerator.getInstance("RSA");
        rsaGenerator.initialize(2048);
        KeyPair rsa = rsaGenerator.generateKeyPair();
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = ecGenerator.generateKeyPair();
        String secret = Base64.getEncoder().encodeToString(java.security.SecureRandom.getSeed(32));

        Path rsaPem = Files.writeString(dir.resolve("rsa.pem"), pem(rsa.getPublic().getEncoded()));
        Path ecPem = Files.writeString(dir.resolve("ec.pem"), pem(ec.getPublic().getEncoded()));
        long exp = System.currentTimeMillis() / 1000 + 86_400;
        for (String alg : List.of("RS256", "ES256", "HS256")) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                JsonObject claims = new JsonObject().put("sub", "user-" + i).put("exp", exp).put("aud", "gamebus");
                tokens.add(sign(alg, claims, rsa.getPrivate(), ec.getPrivate(), secret));
            }
            Files.write(dir.resolve(alg + ".txt"), tokens);
        }
        JsonObject conf = new JsonObject(Files.readString(base)).put("auth", new JsonObject()
            .put("sessionsPerUser", "allow")
            .put("jwt", new JsonObject().put("audience", "gamebus").put("secret", secret)
                .put("publicKeyFiles", new JsonArray().add(rsaPem.toAbsolutePath().toString())
                    .add(ecPem.toAbsolutePath().toString()))));
        Files.writeString(dir.resolve("gamebus-auth.json"), conf.encodePrettily());
        System.out.println("tokens written to " + dir);
    }

    private static String sign(String alg, JsonObject claims, PrivateKey rsa, PrivateKey ec, String secret)
        throws Exception {
        String input = segment(new JsonObject().put("alg", alg).put("typ", "JWT")) + "." + segment(claims);
        byte[] data = input.getBytes(StandardCharsets.US_ASCII);
        byte[] signature = switch (alg) {
            case "RS256" -> signature("SHA256withRSA", rsa, data);
            case "ES256" -> jose(signature("SHA256withECDSA", ec, data));
            default -> {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                yield mac.doFinal(data);
            }
        };
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private static byte[] signature(String algorithm, PrivateKey key, byte[] data) throws Exception {
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(data);
        return signer.sign();
    }

    /** An ECDSA signature from DER (SEQUENCE of two INTEGERs) to JWS form: r and s, 32 bytes each. */
    private static byte[] jose(byte[] der) {
        int offset = der[1] == (byte) 0x81 ? 3 : 2;
        int rLength = der[offset + 1];
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(der, offset + 2, offset + 2 + rLength));
        int sOffset = offset + 2 + rLength;
        int sLength = der[sOffset + 1];
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(der, sOffset + 2, sOffset + 2 + sLength));
        byte[] out = new byte[64];
        copy(r, out, 0);
        copy(s, out, 32);
        return out;
    }

    private static void copy(BigInteger value, byte[] out, int at) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, out, at + 32 - length, length);
    }

    private static String segment(JsonObject json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
            + "\n-----END PUBLIC KEY-----\n";
    }
}
