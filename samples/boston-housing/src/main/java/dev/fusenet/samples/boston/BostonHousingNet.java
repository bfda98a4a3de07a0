package dev.fusenet.samples.boston;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Compile;
import dev.fusenet.annotations.Dense;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.Layer;

/**
 * The book's regression network (its {@code build_model()}): 13 normalised features → 64 ReLU → 64 ReLU → one
 * linear unit, the price in thousands of dollars, trained with RMSprop on the mean squared error and reporting the
 * mean absolute error. javac's fusenet processor writes {@code CompiledBostonHousingNet} from it.
 */
@Compile(optimizer = Optimizer.RMSPROP, loss = Loss.MEAN_SQUARED_ERROR, metrics = Metric.MEAN_ABSOLUTE_ERROR)
public interface BostonHousingNet {

    @Dense(units = 64, activation = Activation.RELU, inputShape = 13)
    Layer hidden1();

    @Dense(units = 64, activation = Activation.RELU)
    Layer hidden2();

    @Dense(units = 1)
    Layer price();
}
