package dev.fusenet.annotations;

/** Weight initializers, named as Keras names them (keras.initializers). */
public enum Initializer implements KerasNamed {
    /** Uniform in ±sqrt(6 / (fanIn + fanOut)): Keras's default for kernels. */
    GLOROT_UNIFORM("glorot_uniform"),
    /** Truncated normal with stddev sqrt(2 / (fanIn + fanOut)). */
    GLOROT_NORMAL("glorot_normal"),
    /** Uniform in ±sqrt(6 / fanIn). */
    HE_UNIFORM("he_uniform"),
    /** Truncated normal with stddev sqrt(2 / fanIn). */
    HE_NORMAL("he_normal"),
    /** Uniform in ±sqrt(3 / fanIn). */
    LECUN_UNIFORM("lecun_uniform"),
    /** Truncated normal with stddev sqrt(1 / fanIn). */
    LECUN_NORMAL("lecun_normal"),
    /** All zeros: Keras's default for biases. */
    ZEROS("zeros"),
    /** All ones. */
    ONES("ones");

    private final String kerasName;

    Initializer(String kerasName) {
        this.kerasName = kerasName;
    }

    @Override
    public String kerasName() {
        return kerasName;
    }
}
