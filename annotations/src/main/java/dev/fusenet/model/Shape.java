package dev.fusenet.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The shape of one sample, without the batch axis: {@code (784)} for a feature vector, {@code (28, 28, 1)} for a
 * channels-last image. Sizes are as declared, so a shape may hold zeros or negatives until the rules have judged
 * it.
 */
public record Shape(List<Integer> dims) {

    public Shape {
        dims = List.copyOf(dims);
    }

    public static Shape of(int... dims) {
        return new Shape(java.util.Arrays.stream(dims).boxed().toList());
    }

    public int rank() {
        return dims.size();
    }

    public int dim(int axis) {
        return dims.get(axis);
    }

    /** The number of values in one sample, as a long: the product of the sizes. */
    public long size() {
        long size = 1;
        // indexed: kernels ask for it per step, and a for-each's iterator would allocate
        for (int axis = 0; axis < dims.size(); axis++) {
            size *= dims.get(axis);
        }
        return size;
    }

    /** Whether every size is positive. */
    public boolean isPositive() {
        return dims.stream().allMatch(d -> d > 0);
    }

    /** The sizes as an array. */
    public int[] toArray() {
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code (26, 26, 32)}: as Python prints a shape. */
    @Override
    public String toString() {
        return dims.size() == 1 ? "(" + dims.get(0) + ")"
                : dims.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }

    /** {@code 26×26}: the spatial part of an image shape, as the rules' messages write windows and images. */
    public String spatial() {
        return dims.get(0) + "×" + dims.get(1);
    }
}
