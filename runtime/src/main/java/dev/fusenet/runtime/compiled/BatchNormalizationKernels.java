package dev.fusenet.runtime.compiled;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BatchNormalizationLayer}'s passes over rows of channels with the JDK's Vector API: each value gets the
 * same operations, in the same order, as the layer's loops (which run without the module), so the same bits. The
 * float64 sums widen each vector of floats into two vectors of doubles. Only loaded when the
 * JVM has the module ({@link Products#VECTOR_API}).
 */
final class BatchNormalizationKernels {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    /** Doubles of the floats' shape: a vector of floats widens into two of these. */
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final int HALF = DOUBLES.length();

    private BatchNormalizationKernels() {
    }

    /**
     * Half {@code part} of {@code floats}, widened. Only the preferred shape is used: a second shape of float
     * vectors in the same JVM makes the Vector API's shared code polymorphic, and C2 then leaves some kernels'
     * vector operations unintrinsified (seen: the packed products allocating a vector per operation in some runs).
     */
    private static DoubleVector widened(FloatVector floats, int part) {
        return (DoubleVector) floats.convertShape(VectorOperators.F2D, DOUBLES, part);
    }

    /** Adds {@code x} and {@code x²} of rows {@code [fromRow, toRow)} of {@code in} to {@code sum} and {@code squares}. */
    static void addMoments(float[] in, double[] sum, double[] squares, int fromRow, int toRow, int channels) {
        int vectors = FLOATS.loopBound(channels);
        for (int row = fromRow; row < toRow; row++) {
            int start = row * channels;
            for (int c = 0; c < vectors; c += FLOATS.length()) {
                FloatVector floats = FloatVector.fromArray(FLOATS, in, start + c);
                DoubleVector x = widened(floats, 0);
                DoubleVector.fromArray(DOUBLES, sum, c).add(x).intoArray(sum, c);
                DoubleVector.fromArray(DOUBLES, squares, c).add(x.mul(x)).intoArray(squares, c);
                x = widened(floats, 1);
                DoubleVector.fromArray(DOUBLES, sum, c + HALF).add(x).intoArray(sum, c + HALF);
                DoubleVector.fromArray(DOUBLES, squares, c + HALF).add(x.mul(x)).intoArray(squares, c + HALF);
            }
            for (int c = vectors; c < channels; c++) {
                double x = in[start + c];
                sum[c] += x;
                squares[c] += x * x;
            }
        }
    }

    /** Adds {@code dy} and {@code dy · x̂} of rows {@code [fromRow, toRow)} to {@code sum} and {@code products}. */
    static void addGradientSums(float[] gradient, float[] normalised, double[] sum, double[] products, int fromRow,
                                int toRow, int channels) {
        int vectors = FLOATS.loopBound(channels);
        for (int row = fromRow; row < toRow; row++) {
            int start = row * channels;
            for (int c = 0; c < vectors; c += FLOATS.length()) {
                FloatVector gradients = FloatVector.fromArray(FLOATS, gradient, start + c);
                FloatVector xhats = FloatVector.fromArray(FLOATS, normalised, start + c);
                DoubleVector g = widened(gradients, 0);
                DoubleVector.fromArray(DOUBLES, sum, c).add(g).intoArray(sum, c);
                DoubleVector.fromArray(DOUBLES, products, c).add(g.mul(widened(xhats, 0))).intoArray(products, c);
                g = widened(gradients, 1);
                DoubleVector.fromArray(DOUBLES, sum, c + HALF).add(g).intoArray(sum, c + HALF);
                DoubleVector.fromArray(DOUBLES, products, c + HALF).add(g.mul(widened(xhats, 1)))
                        .intoArray(products, c + HALF);
            }
            for (int c = vectors; c < channels; c++) {
                double g = gradient[start + c];
                sum[c] += g;
                products[c] += g * normalised[start + c];
            }
        }
    }

    /**
     * Rows {@code [fromRow, toRow)}: {@code x̂ = (x - mean) · inverse} into {@code normalised} (where not null),
     * {@code x̂ · gamma + beta} into {@code out}; a null gamma or beta is left out.
     */
    static void normalise(float[] in, float[] mean, float[] inverse, float[] gamma, float[] beta, float[] normalised,
                          float[] out, int fromRow, int toRow, int channels) {
        int vectors = FLOATS.loopBound(channels);
        for (int row = fromRow; row < toRow; row++) {
            int start = row * channels;
            for (int c = 0; c < vectors; c += FLOATS.length()) {
                FloatVector xhat = FloatVector.fromArray(FLOATS, in, start + c)
                        .sub(FloatVector.fromArray(FLOATS, mean, c)).mul(FloatVector.fromArray(FLOATS, inverse, c));
                if (normalised != null) {
                    xhat.intoArray(normalised, start + c);
                }
                FloatVector y = gamma == null ? xhat : xhat.mul(FloatVector.fromArray(FLOATS, gamma, c));
                y = beta == null ? y : y.add(FloatVector.fromArray(FLOATS, beta, c));
                y.intoArray(out, start + c);
            }
            for (int c = vectors; c < channels; c++) {
                float xhat = (in[start + c] - mean[c]) * inverse[c];
                if (normalised != null) {
                    normalised[start + c] = xhat;
                }
                float y = gamma == null ? xhat : xhat * gamma[c];
                out[start + c] = beta == null ? y : y + beta[c];
            }
        }
    }

    /**
     * Rows {@code [fromRow, toRow)}: {@code dx = gamma · inverse · (dy - meanGradient - x̂ · meanGradientNormalised)},
     * gamma left out where null.
     */
    static void inputGradient(float[] gradient, float[] normalised, float[] gamma, float[] inverse,
                              float[] meanGradient, float[] meanGradientNormalised, float[] inGradient, int fromRow,
                              int toRow, int channels) {
        int vectors = FLOATS.loopBound(channels);
        for (int row = fromRow; row < toRow; row++) {
            int start = row * channels;
            for (int c = 0; c < vectors; c += FLOATS.length()) {
                FloatVector factor = FloatVector.fromArray(FLOATS, inverse, c);
                if (gamma != null) {
                    factor = FloatVector.fromArray(FLOATS, gamma, c).mul(factor);
                }
                FloatVector centred = FloatVector.fromArray(FLOATS, gradient, start + c)
                        .sub(FloatVector.fromArray(FLOATS, meanGradient, c))
                        .sub(FloatVector.fromArray(FLOATS, normalised, start + c)
                                .mul(FloatVector.fromArray(FLOATS, meanGradientNormalised, c)));
                factor.mul(centred).intoArray(inGradient, start + c);
            }
            for (int c = vectors; c < channels; c++) {
                float factor = gamma == null ? inverse[c] : gamma[c] * inverse[c];
                int i = start + c;
                inGradient[i] = factor * (gradient[i] - meanGradient[c] - normalised[i] * meanGradientNormalised[c]);
            }
        }
    }
}
