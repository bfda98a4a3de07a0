package dev.fusenet.model;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A declared {@code @Conv2DTranspose} layer; {@code kernelSize} and {@code strides} as written, one value or two. */
public record Conv2DTransposeSpec(String name, int filters, List<Integer> kernelSize, List<Integer> strides,
                                  Padding padding, Activation activation, boolean useBias,
                                  Initializer kernelInitializer, Initializer biasInitializer,
                                  Optional<Shape> inputShape) implements LayerSpec {

    public Conv2DTransposeSpec {
        kernelSize = List.copyOf(kernelSize);
        strides = List.copyOf(strides);
    }

    /** The window of the convolution this layer transposes: from the output back to the input. */
    public Window window() {
        return new Window(kernelSize, strides, padding);
    }

    @Override
    public String kind() {
        return "Conv2DTranspose";
    }

    @Override
    public List<Problem> checkDeclaration(int index) {
        List<Problem> problems = new ArrayList<>();
        if (filters < 1) {
            problems.add(Problem.error(index, "filters", "@Conv2DTranspose filters must be positive, got " + filters));
        }
        problems.addAll(WindowRules.checkDeclaration(index, this, window(), "kernelSize"));
        return problems;
    }

    @Override
    public List<Problem> checkInput(int index, Shape input, String from) {
        List<Problem> problems = new ArrayList<>();
        WindowRules.takesAnImage(index, this, input, from).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            return problems;
        }
        long height = outputLength(input.dim(0), 0);
        long width = outputLength(input.dim(1), 1);
        long values = height * width * filters;
        Optional<String> tooLarge = height > Integer.MAX_VALUE || width > Integer.MAX_VALUE
                ? Optional.of(name + ": its output would be " + height + "×" + width + ", more than a Java array "
                + "holds; use smaller strides or a smaller input")
                : ArrayLimits.fitsABatch(name + ": its output (" + height + ", " + width + ", " + filters + ")",
                Math.max(values, (long) input.dim(0) * input.dim(1) * patchSize()),
                "use smaller strides, fewer filters or a smaller input");
        tooLarge.ifPresent(message -> problems.add(Problem.error(index, "strides", message)));
        return problems;
    }

    /** One kernel window's values in the output: kernelHeight · kernelWidth · filters. */
    public long patchSize() {
        Window window = window();
        return (long) window.height() * window.width() * filters;
    }

    /** Keras's output size along an axis: {@code in · stride} with SAME, plus {@code max(kernel - stride, 0)} with VALID. */
    private long outputLength(int in, int axis) {
        Window window = window();
        int stride = axis == 0 ? window.strideHeight() : window.strideWidth();
        int kernel = axis == 0 ? window.height() : window.width();
        return (long) in * stride + (padding == Padding.VALID ? Math.max(kernel - stride, 0) : 0);
    }

    @Override
    public Shape outputShape(Shape input) {
        return Shape.of(Math.toIntExact(outputLength(input.dim(0), 0)), Math.toIntExact(outputLength(input.dim(1), 1)),
                filters);
    }

    @Override
    public List<WeightSpec> weights(Shape input) {
        Window window = window();
        WeightSpec kernel = new WeightSpec("kernel", Shape.of(window.height(), window.width(), filters,
                input.dim(2)), true, kernelInitializer);
        return useBias ? List.of(kernel, new WeightSpec("bias", Shape.of(filters), true, biasInitializer))
                : List.of(kernel);
    }

    @Override
    public boolean hasWeights() {
        return true;
    }

    @Override
    public long workingValues(Shape input, Shape output) {
        return Math.max(output.size(), (long) input.dim(0) * input.dim(1) * patchSize());
    }

    @Override
    public List<Attribute> attributes() {
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(new Attribute("filters", filters));
        attributes.add(new Attribute("kernelSize", kernelSize));
        if (!strides.equals(List.of(1))) {
            attributes.add(new Attribute("strides", strides));
        }
        if (padding != Padding.VALID) {
            attributes.add(new Attribute("padding", padding));
        }
        if (activation != Activation.LINEAR) {
            attributes.add(new Attribute("activation", activation));
        }
        if (!useBias) {
            attributes.add(new Attribute("useBias", false));
        }
        Attribute.initializers(attributes, kernelInitializer, biasInitializer);
        inputShape.ifPresent(shape -> attributes.add(new Attribute("inputShape", shape)));
        return attributes;
    }
}
