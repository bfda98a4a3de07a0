package dev.fusenet.samples.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The twin parts' and the serving part's figures as the table and the JSON line show them. */
class TwinBenchmarkTest {

    private static TwinBenchmark.Results results(boolean withDsl) {
        TwinBenchmark.Twin twin = new TwinBenchmark.Twin("xception", "FashionXception", null, null, null, null, null,
                null, 64, "pytorch_xception.py", null);
        MnistBenchmark.Result fusenet = new MnistBenchmark.Result(new Measurements.Cost(84.0, 12_000, 1), 11, 5000,
                0.9213, 4000);
        MnistBenchmark.Result dsl = withDsl ? new MnistBenchmark.Result(new Measurements.Cost(90.0, 13_000, 1), 10,
                4000, 0.9201, 3000) : null;
        return new TwinBenchmark.Results(twin, fusenet, dsl, 42.0, 0.91, "");
    }

    @Test
    void aTwinWithoutADslModelReportsTheRatioToItsPeer() {
        Map<String, Object> fields = TwinBenchmark.fields(results(false));
        assertEquals(List.of("fusenet_xception_epoch_s", "pytorch_xception_epoch_s", "xception_epoch_ratio_pytorch",
                "fusenet_xception_test_acc", "pytorch_xception_test_acc", "fusenet_xception_alloc_bytes_per_epoch"),
                List.copyOf(fields.keySet()));
        assertEquals(2.0, (Double) fields.get("xception_epoch_ratio_pytorch"), 1e-12);
        String table = TwinBenchmark.table(results(false), 3);
        assertTrue(table.startsWith("xception, median of 2 epochs after warm-up | fusenet | PyTorch (2 threads) | "
                + "fusenet/PyTorch\nepoch, s | 84.00 | 42.00 | 2.00\n"), table);
    }

    @Test
    void aTwinWithADslModelHasItsColumn() {
        assertTrue(TwinBenchmark.fields(results(true)).containsKey("dsl_xception_epoch_s"));
        assertTrue(TwinBenchmark.table(results(true), 3).contains("epoch, s | 84.00 | 90.00 | 42.00 | 2.00"));
    }

    @Test
    void theServingPartKeysEachFileAndSaysWhyItDidNotRun() {
        TorchvisionBenchmark.Results served = new TorchvisionBenchmark.Results(List.of(
                new TorchvisionBenchmark.Timing("resnet18", 224, true, 1.0, 0.5, 7e-6)), "");
        assertEquals(Map.of("torchvision_resnet18_224_bn_fusenet_s", 1.0, "torchvision_resnet18_224_bn_ort_s", 0.5),
                TorchvisionBenchmark.fields(served));
        assertTrue(TorchvisionBenchmark.table(served, 5).contains("resnet18 224×224, batch norm kept | 1.000 | 0.500 "
                + "| 2.00 | 7.0e-06"), TorchvisionBenchmark.table(served, 5));
        assertEquals("torchvision serving part not run: no /usr/bin/python3\n", TorchvisionBenchmark.table(
                new TorchvisionBenchmark.Results(List.of(), "not run: no /usr/bin/python3"), 5));
    }
}
