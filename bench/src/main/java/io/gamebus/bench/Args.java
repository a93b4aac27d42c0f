package io.gamebus.bench;

import java.util.HashMap;
import java.util.Map;

/** Minimal {@code --key value} parser; unknown keys are an error so typos do not silently use defaults. */
final class Args {

    private final Map<String, String> values = new HashMap<>();
    private final Map<String, String> unused = new HashMap<>();

    Args(String[] argv) {
        for (int i = 0; i < argv.length; i++) {
            String key = argv[i];
            if (!key.startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("expected --key value, got: " + key);
            }
            values.put(key.substring(2), argv[++i]);
        }
        unused.putAll(values);
    }

    String string(String key, String def) {
        unused.remove(key);
        return values.getOrDefault(key, def);
    }

    int integer(String key, int def) {
        return Integer.parseInt(string(key, Integer.toString(def)));
    }

    double decimal(String key, double def) {
        return Double.parseDouble(string(key, Double.toString(def)));
    }

    /** Call after reading every option. */
    void rejectUnknown() {
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("unknown options: " + unused.keySet());
        }
    }
}
