package dev.fusenet.annotations;

/** Activation functions of a layer, named as Keras names them (keras.activations). */
public enum Activation implements KerasNamed {
    /** f(x) = x. */
    LINEAR("linear"),
    /** f(x) = max(x, 0). */
    RELU("relu"),
    /** f(x) = 1 / (1 + exp(-x)). */
    SIGMOID("sigmoid"),
    /** f(x) = tanh(x). */
    TANH("tanh"),
    /** Normalised exponentials over the last axis: a probability distribution. */
    SOFTMAX("softmax"),
    /** f(x) = x for x &gt;= 0, 0.2·x otherwise (Keras's default negative slope). */
    LEAKY_RELU("leaky_relu"),
    /** f(x) = x for x &gt; 0, exp(x) - 1 otherwise (alpha 1, as Keras). */
    ELU("elu"),
    /** Gaussian error linear unit, x·Φ(x) (Keras's exact form, approximate=False). */
    GELU("gelu"),
    /** f(x) = x·sigmoid(x), also known as SiLU. */
    SWISH("swish"),
    /** f(x) = min(max(x, 0), 6), as MobileNet uses it. */
    RELU6("relu6"),
    /** f(x) = relu6(x + 3) / 6: 0 below -3, 1 above 3, x/6 + 1/2 between (Keras 3's, not Keras 2's 0.2·x + 0.5). */
    HARD_SIGMOID("hard_sigmoid"),
    /** f(x) = x · hard_sigmoid(x), also known as hard swish (MobileNetV3). */
    HARD_SILU("hard_silu");

    private final String kerasName;

    Activation(String kerasName) {
        this.kerasName = kerasName;
    }

    @Override
    public String kerasName() {
        return kerasName;
    }
}
