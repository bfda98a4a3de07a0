package dev.fusenet.runtime.compiled;

import dev.fusenet.runtime.Layer;
import java.util.List;
import java.util.Locale;

/** Keras's {@code model.summary()} table. */
public final class ModelSummary {

    private static final int NAME = 33;
    private static final int SHAPE = 24;
    private static final int PARAMS = 15;
    private static final int CONNECTED = 26;

    private ModelSummary() {
    }

    /**
     * Keras's summary of a functional model: the input's row first, and a "Connected to" column naming the layers
     * each one reads, one per line, as Keras writes them ({@code conv1[0][0]}); {@code connections} holds, for
     * each layer, the names of the layers (or the input) it reads.
     */
    public static String format(String modelName, Layer input, List<? extends Layer> layers,
                                List<List<String>> connections) {
        StringBuilder text = new StringBuilder();
        text.append("Model: \"").append(modelName).append("\"\n");
        text.append(rule('┏', '┳', '┓', '━', true));
        text.append(row('┃', "Layer (type)", "Output Shape", "Param #", "Connected to"));
        text.append(rule('┡', '╇', '┩', '━', true));
        text.append(row('│', input.name() + " (" + input.type() + ")", shape(input), "0", "-"));
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            text.append(rule('├', '┼', '┤', '─', true));
            List<String> reads = connections.get(i);
            for (int k = 0; k < reads.size(); k++) {
                String connection = reads.get(k) + "[0][0]" + (k < reads.size() - 1 ? "," : "");
                text.append(k == 0 ? row('│', layer.name() + " (" + layer.type() + ")", shape(layer),
                        String.format(Locale.ROOT, "%,d", layer.parameterCount()), connection)
                        : row('│', "", "", "", connection));
            }
        }
        text.append(rule('└', '┴', '┘', '─', true));
        return text.append(totals(layers)).toString();
    }

    private static String shape(Layer layer) {
        StringBuilder shape = new StringBuilder("(None");
        for (long dim : layer.outputShape()) {
            shape.append(", ").append(dim);
        }
        return shape.append(')').toString();
    }

    /** Keras's three totals: every weight, the trainable ones, the others (moving statistics), as float32 bytes. */
    private static String totals(List<? extends Layer> layers) {
        long total = layers.stream().mapToLong(Layer::parameterCount).sum();
        long trainable = layers.stream().mapToLong(Layer::trainableParameterCount).sum();
        return String.format(Locale.ROOT, " Total params: %,d (%s)%n", total, bytes(total * 4))
                + String.format(Locale.ROOT, " Trainable params: %,d (%s)%n", trainable, bytes(trainable * 4))
                + String.format(Locale.ROOT, " Non-trainable params: %,d (%s)%n", total - trainable,
                        bytes((total - trainable) * 4));
    }

    private static String rule(char left, char middle, char right, char line, boolean connected) {
        String three = rule(left, middle, right, line);
        return three.substring(0, three.length() - 2) + middle + String.valueOf(line).repeat(CONNECTED) + right
                + "\n";
    }

    private static String row(char border, String name, String shape, String params, String connected) {
        return row(border, name, shape, params).replace("\n", "") + " " + pad(connected, CONNECTED - 2) + " "
                + border + "\n";
    }

    public static String format(String modelName, List<? extends Layer> layers) {
        StringBuilder text = new StringBuilder();
        text.append("Model: \"").append(modelName).append("\"\n");
        text.append(rule('┏', '┳', '┓', '━'));
        text.append(row('┃', "Layer (type)", "Output Shape", "Param #"));
        text.append(rule('┡', '╇', '┩', '━'));
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
        }
        text.append(rule('└', '┴', '┘', '─'));
        return text.append(totals(layers)).toString();
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
