package dev.fusenet.annotations;

/** Optimizers, named as Keras names them (keras.optimizers); hyperparameter defaults are Keras's. */
public enum Optimizer implements KerasNamed {
    /** Stochastic gradient descent, with optional momentum and Nesterov momentum. */
    SGD("sgd"),
    /** RMSprop (Hinton's lecture 6e): learning rate 0.001, rho 0.9, epsilon 1e-7 by default. */
    RMSPROP("rmsprop"),
    /** Adam (Kingma and Ba, 2014), with optional AMSGrad. */
    ADAM("adam"),
    /** Adagrad (Duchi et al., 2011). */
    ADAGRAD("adagrad"),
    /** Adadelta (Zeiler, 2012). */
    ADADELTA("adadelta"),
    /** Adamax, Adam's infinity-norm variant (Kingma and Ba, 2014, section 7). */
    ADAMAX("adamax"),
    /** Nadam, Adam with Nesterov momentum (Dozat, 2015). */
    NADAM("nadam"),
    /** AdamW, Adam with decoupled weight decay (Loshchilov and Hutter, 2017). */
    ADAMW("adamw");

    private final String kerasName;

    Optimizer(String kerasName) {
        this.kerasName = kerasName;
    }

    @Override
    public String kerasName() {
        return kerasName;
    }
}
