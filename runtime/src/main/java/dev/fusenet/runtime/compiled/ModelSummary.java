package dev.fusenet.runtime.compiled;

import dev.fusenet.runtime.Layer;
import java.util.List;
import java.util.Locale;

/** Keras's {@code model.summary()} table. */
public final class ModelSummary {

    private static final int NAME = 33;
    private static final int SHAPE = 24;
    private static final int PARAMS = 15;

    private ModelSummary() {
    }

    public static String format(String modelName, List<? extends Layer> layers) {
        StringBuilder text = new StringBuilder();
        text.append("Model: \"").append(modelName).append("\"\n");
        text.append(rule('┏', '┳', '┓', '━'));
        text.append(row('┃', "Layer (type)", "Output Shape", "Param #"));
        text.append(rule('┡', '╇', '┩', '━'));
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            StringBuilder shape = new StringBuilder("(None");
            for (long dim : layer.outputShape()) {
                shape.append(", ").append(dim);
            }
            shape.append(')');
            text.append(row('│', layer.name() + " (" + layer.type() + ")", shape.toString(),
                    String.format(Locale.ROOT, "%,d", layer.parameterCount())));
            if (i < layers.size() - 1) {
                text.append(rule('├', '┼', '┤', '─'));
            }
            total += layer.parameterCount();
        }
        text.append(rule('└', '┴', '┘', '─'));
        text.append(String.format(Locale.ROOT, " Total params: %,d (%s)%n", total, bytes(total * 4)));
        text.append(String.format(Locale.ROOT, " Trainable params: %,d (%s)%n", total, bytes(total * 4)));
        text.append(String.format(Locale.ROOT, " Non-trainable params: 0 (0.00 B)%n"));
        return text.toString();
    }

    private static String rule(char left, char middle, char right, char line) {
        return left + String.valueOf(line).repeat(NAME) + middle + String.valueOf(line).repeat(SHAPE) + middle
                + String.valueOf(line).repeat(PARAMS) + right + "\n";
    }

    private static String row(char border, String name, String shape, String params) {
        return border + " " + pad(name, NAME - 2) + " " + border + " " + pad(shape, SHAPE - 2) + " " + border + " "
                + String.format("%" + (PARAMS - 2) + "s", params) + " " + border + "\n";
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text.substring(0, width) : text + " ".repeat(width - text.length());
    }

    /** Keras's sizes: {@code 1.55 MB} for 1,628,200 bytes (binary units, two decimals). */
    static String bytes(long count) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = count;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f %s", value, units[unit]);
    }
}
