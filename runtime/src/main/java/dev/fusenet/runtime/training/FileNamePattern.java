package dev.fusenet.runtime.training;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checkpoint file name with Keras's placeholders, as {@code filepath.format(epoch=..., **logs)} reads it:
 * {@code {name}} or {@code {name:spec}}, {@code {{} and {@code }}} for literal braces, and the part of Python's
 * format mini-language Keras's examples use: {@code [[fill]align][sign][0][width][,][.precision][type]} with the
 * types {@code d} (integers only: the epoch), {@code f}, {@code F}, {@code e}, {@code E} and {@code %}. The pattern
 * is parsed once, when the callback is made, so a mistake in it is an error before the first epoch, not a wrong
 * file name after it.
 */
final class FileNamePattern {

    /** Python's format spec, the fields fusenet reads. */
    private static final Pattern SPEC = Pattern.compile(
            "(?:(.)?([<>=^]))?([+\\- ])?(0)?(\\d+)?(,)?(?:\\.(\\d+))?([dfFeE%])?");

    private record Placeholder(String name, String spec, Character fill, char align, char sign, int width,
                               boolean grouping, int precision, char type) {
    }

    private final String pattern;
    /** The literal texts and the placeholders, in order: a String or a Placeholder each. */
    private final List<Object> parts = new ArrayList<>();

    FileNamePattern(String pattern) {
        this.pattern = pattern;
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < pattern.length() && pattern.charAt(i + 1) == c) {
                literal.append(c);
                i++;
            } else if (c == '}') {
                throw error("a '}' at position " + i + " closes no placeholder; write '}}' for a literal brace");
            } else if (c == '{') {
                int close = pattern.indexOf('}', i);
                if (close < 0) {
                    throw error("the '{' at position " + i + " is never closed; write '{{' for a literal brace");
                }
                parts.add(literal.toString());
                literal.setLength(0);
                parts.add(placeholder(pattern.substring(i + 1, close)));
                i = close;
            } else {
                literal.append(c);
            }
        }
        parts.add(literal.toString());
    }

    private Placeholder placeholder(String text) {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw error("{" + text + "} does not start with the name of a log or epoch");
        }
        String spec = colon < 0 ? "" : text.substring(colon + 1);
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) {
            throw error("{" + text + "} has the format '" + spec + "', which is not Python's [[fill]align][sign][0]"
                    + "[width][,][.precision][type] with a type among d, f, F, e, E and %, e.g. {epoch:02d} or "
                    + "{val_loss:.4f}");
        }
        boolean zero = m.group(4) != null;
        Character fill = m.group(1) != null ? Character.valueOf(m.group(1).charAt(0)) : zero ? Character.valueOf('0')
                : null;
        char align = m.group(2) != null ? m.group(2).charAt(0) : zero ? '=' : 0;
        return new Placeholder(name, spec, fill, align, m.group(3) == null ? '-' : m.group(3).charAt(0),
                m.group(5) == null ? 0 : Integer.parseInt(m.group(5)), m.group(6) != null,
                m.group(7) == null ? -1 : Integer.parseInt(m.group(7)), m.group(8) == null ? 0 : m.group(8).charAt(0));
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("ModelCheckpoint: the file name " + pattern + ": " + what);
    }

    /** The file name for 0-based {@code epoch} (shown 1-based, as Keras names files) and {@code logs}. */
    String fill(int epoch, Map<String, Double> logs) {
        StringBuilder name = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String text) {
                name.append(text);
                continue;
            }
            Placeholder p = (Placeholder) part;
            if (p.name().equals("epoch")) {
                name.append(format(p, epoch + 1L, null));
            } else if (logs.containsKey(p.name())) {
                name.append(format(p, null, logs.get(p.name())));
            } else {
                throw new IllegalArgumentException("ModelCheckpoint: the file name " + pattern + " uses {" + p.name()
                        + "}, but the logs have " + logs.keySet() + " (and epoch)");
            }
        }
        return name.toString();
    }

    /** One value, an integer or a double, as Python's {@code format(value, spec)} writes it. */
    private String format(Placeholder p, Long integer, Double real) {
        String digits;
        boolean negative;
        char type = p.type();
        if (integer != null && (type == 0 || type == 'd')) {
            negative = integer < 0;
            digits = group(Long.toString(Math.abs(integer)), p.grouping());
        } else if (type == 'd') {
            throw new IllegalArgumentException("ModelCheckpoint: the file name " + pattern + " formats {" + p.name()
                    + ":" + p.spec() + "} as an integer, but " + p.name() + " is " + real + "; use a float format "
                    + "such as {" + p.name() + ":.4f}");
        } else {
            double value = integer != null ? integer : real;
            negative = value < 0 || value == 0 && 1 / value < 0;
            double magnitude = Math.abs(value);
            if (type == 0) {
                digits = String.valueOf(magnitude);
            } else if (Double.isNaN(magnitude) || Double.isInfinite(magnitude)) {
                digits = Double.isNaN(magnitude) ? "nan" : "inf";
                if (type == 'F' || type == 'E') {
                    digits = digits.toUpperCase(Locale.ROOT);
                }
            } else {
                int precision = p.precision() < 0 ? 6 : p.precision();
                digits = switch (type) {
                    case 'f', 'F' -> group(new BigDecimal(magnitude).setScale(precision, RoundingMode.HALF_EVEN)
                            .toPlainString(), p.grouping());
                    case '%' -> group(new BigDecimal(magnitude).movePointRight(2)
                            .setScale(precision, RoundingMode.HALF_EVEN).toPlainString(), p.grouping()) + "%";
                    default -> String.format(Locale.ROOT, "%." + precision + (type == 'E' ? "E" : "e"), magnitude);
                };
            }
        }
        String sign = negative ? "-" : p.sign() == '+' ? "+" : p.sign() == ' ' ? " " : "";
        int padding = p.width() - sign.length() - digits.length();
        if (padding <= 0) {
            return sign + digits;
        }
        char fill = p.fill() == null ? ' ' : p.fill();
        char align = p.align() != 0 ? p.align() : integer != null || real != null && type != 0 ? '>' : '<';
        String pad = String.valueOf(fill).repeat(padding);
        return switch (align) {
            case '<' -> sign + digits + pad;
            case '^' -> String.valueOf(fill).repeat(padding / 2) + sign + digits
                    + String.valueOf(fill).repeat(padding - padding / 2);
            case '=' -> sign + pad + digits;
            default -> pad + sign + digits;
        };
    }

    /** {@code 1234567.5} as {@code 1,234,567.5} where Python's {@code ,} asks for it. */
    private static String group(String digits, boolean grouping) {
        if (!grouping) {
            return digits;
        }
        int point = digits.indexOf('.');
        String whole = point < 0 ? digits : digits.substring(0, point);
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < whole.length(); i++) {
            if (i > 0 && (whole.length() - i) % 3 == 0) {
                grouped.append(',');
            }
            grouped.append(whole.charAt(i));
        }
        return grouped + (point < 0 ? "" : digits.substring(point));
    }
}
