package dev.fusenet.onnx;

import dev.fusenet.runtime.compiled.ZeroPadding2DLayer;
import java.util.List;

/** The ONNX form of the ZeroPadding2D layer kind: a constant {@code Pad} of the channels-first map. */
final class ZeroPadding2DOnnx implements OnnxForm<ZeroPadding2DLayer> {

    @Override
    public void write(OnnxExport export, ZeroPadding2DLayer layer, List<OnnxExport.Value> reads, boolean last) {
        export.toChannelsFirst();
        String name = layer.name();
        int[] sides = layer.sides();
        // ONNX's pads: every axis's start, then every axis's end, of (batch, channels, height, width)
        export.graph.addInitializer(Protos.longs(name + ".pads", new long[] {8},
                new long[] {0, 0, sides[0], sides[2], 0, 0, sides[1], sides[3]}));
        String output = name + ".out";
        export.graph.addNode(Protos.node("Pad", name, List.of(export.current, name + ".pads"), output,
                Protos.string("mode", "constant")));
        export.current = output;
        export.finishImage(last);
    }
}
