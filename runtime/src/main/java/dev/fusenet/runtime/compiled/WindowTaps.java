package dev.fusenet.runtime.compiled;

import dev.fusenet.model.Window;
import java.util.ArrayList;
import java.util.List;

/**
 * Along one axis of a window's placement, which taps meet which pixels: tables built once per layer so that a
 * kernel's loops run over exactly the taps that land inside the input, without a bounds test (a vector kept in a
 * register across a loop with a {@code continue} is boxed by C2 on JDK 17, an allocation per operation). Output
 * {@code o}'s tap {@code k} reads input {@code o · stride - padding + k · dilation}.
 */
final class WindowTaps {

    /** {@code [o]}: the taps of output {@code o} that land inside the input, ascending. */
    final int[][] tapsOfOutput;
    /** {@code [k]}: the outputs whose tap {@code k} lands inside the input, ascending. */
    final int[][] outputsOfTap;
    /** {@code [i]}: the outputs whose window reads input {@code i}, ascending. */
    final int[][] outputsOfInput;
    /** {@code [i]}: the tap by which each of {@link #outputsOfInput}'s outputs reads input {@code i}. */
    final int[][] tapsOfInput;

    private WindowTaps(int inputs, int outputs, int taps, int stride, int padding, int dilation) {
        List<List<Integer>> byOutput = lists(outputs);
        List<List<Integer>> byTap = lists(taps);
        List<List<Integer>> outputsByInput = lists(inputs);
        List<List<Integer>> tapsByInput = lists(inputs);
        for (int o = 0; o < outputs; o++) {
            for (int k = 0; k < taps; k++) {
                long i = (long) o * stride - padding + (long) k * dilation;
                if (i >= 0 && i < inputs) {
                    byOutput.get(o).add(k);
                    byTap.get(k).add(o);
                    outputsByInput.get((int) i).add(o);
                    tapsByInput.get((int) i).add(k);
                }
            }
        }
        this.tapsOfOutput = arrays(byOutput);
        this.outputsOfTap = arrays(byTap);
        this.outputsOfInput = arrays(outputsByInput);
        this.tapsOfInput = arrays(tapsByInput);
    }

    /** The rows' tables of {@code at}. */
    static WindowTaps rows(Window.Placement at) {
        return new WindowTaps(at.inputHeight(), at.outputHeight(), at.height(), at.strideHeight(), at.padTop(),
                at.dilationHeight());
    }

    /** The columns' tables of {@code at}. */
    static WindowTaps columns(Window.Placement at) {
        return new WindowTaps(at.inputWidth(), at.outputWidth(), at.width(), at.strideWidth(), at.padLeft(),
                at.dilationWidth());
    }

    private static List<List<Integer>> lists(int count) {
        List<List<Integer>> lists = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    private static int[][] arrays(List<List<Integer>> lists) {
        int[][] arrays = new int[lists.size()][];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return arrays;
    }
}
