// Replays Kafka Streams' streams/src/test/java/org/apache/kafka/streams/kstream/internals/KStreamKStreamLeftJoinTest.java
// (same inputs, timestamps and expected outputs), translated statement by statement.
/* eslint-disable prefer-const */
import { afterEach, describe, expect, it } from 'vitest';
import { JoinWindows, Serdes, StreamJoined, Stores, StreamsBuilder, type KStream, type TopologyTestDriver } from '../../../src/index.js';
import {
  MockValueJoiner, PROPS, closeDrivers, consumed, consumed2, copartitionGroupsOf, kvt, mockApiProcessorSupplier, newDriver, ofHours, ofMillis, props, topic1, topic2, ZERO,
  type MockApiProcessor,
} from './shims.js';

async function runLeftJoin(streamJoined: StreamJoined<number, string, string>, joinWindows: JoinWindows): Promise<void> {
    const builder = new StreamsBuilder();

    const expectedKeys = [0, 1, 2, 3];

    let stream1: KStream<number, string>;
    let stream2: KStream<number, string>;
    let joined: KStream<number, string>;
    const supplier = mockApiProcessorSupplier();
    stream1 = builder.stream(topic1, consumed);
    stream2 = builder.stream(topic2, consumed);

    joined = stream1.leftJoin(
        stream2,
        MockValueJoiner.TOSTRING_JOINER,
        joinWindows,
        streamJoined
    );
    joined.process(supplier);

    const copartitionGroups =
        copartitionGroupsOf(builder.build());

    expect(copartitionGroups.length).toEqual(1);
    expect(copartitionGroups[0]).toEqual(new Set([topic1, topic2]));

    {
            const driver = newDriver(builder.build(), PROPS);
        const inputTopic1 =
                driver.createInputTopic(topic1, Serdes.Integer(), Serdes.String(), 0, 0);
        const inputTopic2 =
                driver.createInputTopic(topic2, Serdes.Integer(), Serdes.String(), 0, 0);
        const processor = supplier.theCapturedProcessor();

        // 2 window stores + 1 shared window store should be available
        expect(driver.getAllStateStores().size).toEqual(3);

        // push two items to the primary stream; the other window is empty
        // w1 {}
        // w2 {}
        // --> w1 = { 0:A0, 1:A1 }
        // --> w2 = {}
        for (let i = 0; i < 2; i++) {
            await inputTopic1.pipeInput(expectedKeys[i]!, "A" + expectedKeys[i]!);
        }
        processor.checkAndClearProcessResult();

        // push two items to the other stream; this should produce two items
        // w1 = { 0:A0, 1:A1 }
        // w2 {}
        // --> w1 = { 0:A0, 1:A1 }
        // --> w2 = { 0:a0, 1:a1 }
        for (let i = 0; i < 2; i++) {
            await inputTopic2.pipeInput(expectedKeys[i]!, "a" + expectedKeys[i]!);
        }
        processor.checkAndClearProcessResult(
            kvt(0, "A0+a0", 0),
            kvt(1, "A1+a1", 0)
        );

        // push three items to the primary stream; this should produce two joined items
        // w1 = { 0:A0, 1:A1 }
        // w2 = { 0:a0, 1:a1 }
        // --> w1 = { 0:A0, 1:A1, 0:B0, 1:B1, 2:B2 }
        // --> w2 = { 0:a0, 1:a1 }
        for (let i = 0; i < 3; i++) {
            await inputTopic1.pipeInput(expectedKeys[i]!, "B" + expectedKeys[i]!);
        }
        processor.checkAndClearProcessResult(
            kvt(0, "B0+a0", 0),
            kvt(1, "B1+a1", 0)
        );

        // push all items to the other stream; this should produce five items
        // w1 = { 0:A0, 1:A1, 0:B0, 1:B1, 2:B2 }
        // w2 = { 0:a0, 1:a1 }
        // --> w1 = { 0:A0, 1:A1, 0:B0, 1:B1, 2:B2 }
        // --> w2 = { 0:a0, 1:a1, 0:b0, 1:b1, 2:b2, 3:b3 }
        for (const expectedKey of expectedKeys) {
            await inputTopic2.pipeInput(expectedKey, "b" + expectedKey);
        }
        processor.checkAndClearProcessResult(
            kvt(0, "A0+b0", 0),
            kvt(0, "B0+b0", 0),
            kvt(1, "A1+b1", 0),
            kvt(1, "B1+b1", 0),
            kvt(2, "B2+b2", 0)
        );

        // push all four items to the primary stream; this should produce six joined items
        // w1 = { 0:A0, 1:A1, 0:B0, 1:B1, 2:B2 }
        // w2 = { 0:a0, 1:a1, 0:b0, 1:b1, 2:b2, 3:b3 }
        // --> w1 = { 0:A0, 1:A1, 0:B0, 1:B1, 2:B2, 0:C0, 1:C1, 2:C2, 3:C3 }
        // --> w2 = { 0:a0, 1:a1, 0:b0, 1:b1, 2:b2, 3:b3 }
        for (const expectedKey of expectedKeys) {
            await inputTopic1.pipeInput(expectedKey, "C" + expectedKey);
        }
        processor.checkAndClearProcessResult(
            kvt(0, "C0+a0", 0),
            kvt(0, "C0+b0", 0),
            kvt(1, "C1+a1", 0),
            kvt(1, "C1+b1", 0),
            kvt(2, "C2+b2", 0),
            kvt(3, "C3+b3", 0)
        );

        // push a dummy record that should expire non-joined items; it should not produce any items because
        // all of them are joined
        await inputTopic1.pipeInput(0, "dummy", 1000);
        processor.checkAndClearProcessResult();
    }
}

async function testUpperWindowBound(expectedKeys: number[], driver: TopologyTestDriver, processor: MockApiProcessor): Promise<void> {
    let time: number;

    const inputTopic1 =
            driver.createInputTopic(topic1, Serdes.Integer(), Serdes.String(), 0, 0);
    const inputTopic2 =
            driver.createInputTopic(topic2, Serdes.Integer(), Serdes.String(), 0, 0);

    // push four items with larger and increasing timestamp (out of window) to the other stream; this should produce no items
    // w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0) }
    // w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0) }
    // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0) }
    // --> w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //            0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    time = 1000;
    for (let i = 0; i < expectedKeys.length; i++) {
        await inputTopic2.pipeInput(expectedKeys[i]!, "b" + expectedKeys[i]!, time + i);
    }
    processor.checkAndClearProcessResult();

    // push four items with larger timestamp to the primary stream; this should produce four full-join items
    // w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0) }
    // w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //        0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //            0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100) }
    // --> w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //            0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    time = 1000 + 100;
    for (const expectedKey of expectedKeys) {
        await inputTopic1.pipeInput(expectedKey, "B" + expectedKey, time);
    }
    processor.checkAndClearProcessResult(
        kvt(0, "B0+b0", 1100),
        kvt(1, "B1+b1", 1100),
        kvt(2, "B2+b2", 1100),
        kvt(3, "B3+b3", 1100)
    );

    // push four items with increased timestamp to the primary stream; this should produce one left-join and three full-join items (non-joined item is not produced yet)
    // w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //        0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100) }
    // w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //        0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //            0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100),
    //            0:C0 (ts: 1101), 1:C1 (ts: 1101), 2:C2 (ts: 1101), 3:C3 (ts: 1101) }
    // --> w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //            0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    time += 1;
    for (const expectedKey of expectedKeys) {
        await inputTopic1.pipeInput(expectedKey, "C" + expectedKey, time);
    }
    processor.checkAndClearProcessResult(
        kvt(1, "C1+b1", 1101),
        kvt(2, "C2+b2", 1101),
        kvt(3, "C3+b3", 1101)
    );

    // push four items with increased timestamp to the primary stream; this should produce two left-join and two full-join items (non-joined items are not produced yet)
    // w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //        0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100),
    //        0:C0 (ts: 1101), 1:C1 (ts: 1101), 2:C2 (ts: 1101), 3:C3 (ts: 1101) }
    // w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //        0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //            0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100),
    //            0:C0 (ts: 1101), 1:C1 (ts: 1101), 2:C2 (ts: 1101), 3:C3 (ts: 1101),
    //            0:D0 (ts: 1102), 1:D1 (ts: 1102), 2:D2 (ts: 1102), 3:D3 (ts: 1102) }
    // --> w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //            0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    time += 1;
    for (const expectedKey of expectedKeys) {
        await inputTopic1.pipeInput(expectedKey, "D" + expectedKey, time);
    }
    processor.checkAndClearProcessResult(
        kvt(2, "D2+b2", 1102),
        kvt(3, "D3+b3", 1102)
    );

    // push four items with increased timestamp to the primary stream; this should produce one full-join items (three non-joined left-join are not produced yet)
    // w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //        0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100),
    //        0:C0 (ts: 1101), 1:C1 (ts: 1101), 2:C2 (ts: 1101), 3:C3 (ts: 1101),
    //        0:D0 (ts: 1102), 1:D1 (ts: 1102), 2:D2 (ts: 1102), 3:D3 (ts: 1102) }
    // w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //        0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //            0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100),
    //            0:C0 (ts: 1101), 1:C1 (ts: 1101), 2:C2 (ts: 1101), 3:C3 (ts: 1101),
    //            0:D0 (ts: 1102), 1:D1 (ts: 1102), 2:D2 (ts: 1102), 3:D3 (ts: 1102),
    //            0:E0 (ts: 1103), 1:E1 (ts: 1103), 2:E2 (ts: 1103), 3:E3 (ts: 1103) }
    // --> w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //            0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    time += 1;
    for (const expectedKey of expectedKeys) {
        await inputTopic1.pipeInput(expectedKey, "E" + expectedKey, time);
    }
    processor.checkAndClearProcessResult(
        kvt(3, "E3+b3", 1103)
    );

    // push four items with increased timestamp to the primary stream; this should produce no full-join items (four non-joined left-join are not produced yet)
    // w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //        0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100),
    //        0:C0 (ts: 1101), 1:C1 (ts: 1101), 2:C2 (ts: 1101), 3:C3 (ts: 1101),
    //        0:D0 (ts: 1102), 1:D1 (ts: 1102), 2:D2 (ts: 1102), 3:D3 (ts: 1102),
    //        0:E0 (ts: 1103), 1:E1 (ts: 1103), 2:E2 (ts: 1103), 3:E3 (ts: 1103) }
    // w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //        0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //            0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100),
    //            0:C0 (ts: 1101), 1:C1 (ts: 1101), 2:C2 (ts: 1101), 3:C3 (ts: 1101),
    //            0:D0 (ts: 1102), 1:D1 (ts: 1102), 2:D2 (ts: 1102), 3:D3 (ts: 1102),
    //            0:E0 (ts: 1103), 1:E1 (ts: 1103), 2:E2 (ts: 1103), 3:E3 (ts: 1103),
    //            0:F0 (ts: 1104), 1:F1 (ts: 1104), 2:F2 (ts: 1104), 3:F3 (ts: 1104) }
    // --> w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //            0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    time += 1;
    for (const expectedKey of expectedKeys) {
        await inputTopic1.pipeInput(expectedKey, "F" + expectedKey, time);
    }
    processor.checkAndClearProcessResult();

    // push a dummy record to produce all left-join non-joined items
    time += 301;
    await inputTopic1.pipeInput(0, "dummy", time);
    processor.checkAndClearProcessResult(
        kvt(0, "C0+null", 1101),
        kvt(0, "D0+null", 1102),
        kvt(1, "D1+null", 1102),
        kvt(0, "E0+null", 1103),
        kvt(1, "E1+null", 1103),
        kvt(2, "E2+null", 1103),
        kvt(0, "F0+null", 1104),
        kvt(1, "F1+null", 1104),
        kvt(2, "F2+null", 1104),
        kvt(3, "F3+null", 1104)
    );
}

async function testLowerWindowBound(expectedKeys: number[], driver: TopologyTestDriver, processor: MockApiProcessor): Promise<void> {
    let time: number;
    const inputTopic1 = driver.createInputTopic(topic1, Serdes.Integer(), Serdes.String());

    // push four items with smaller timestamp (before the window) to the primary stream; this should produce four left-join and no full-join items
    // w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //        0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100),
    //        0:C0 (ts: 1101), 1:C1 (ts: 1101), 2:C2 (ts: 1101), 3:C3 (ts: 1101),
    //        0:D0 (ts: 1102), 1:D1 (ts: 1102), 2:D2 (ts: 1102), 3:D3 (ts: 1102),
    //        0:E0 (ts: 1103), 1:E1 (ts: 1103), 2:E2 (ts: 1103), 3:E3 (ts: 1103),
    //        0:F0 (ts: 1104), 1:F1 (ts: 1104), 2:F2 (ts: 1104), 3:F3 (ts: 1104) }
    // w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //        0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //            0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100),
    //            0:C0 (ts: 1101), 1:C1 (ts: 1101), 2:C2 (ts: 1101), 3:C3 (ts: 1101),
    //            0:D0 (ts: 1102), 1:D1 (ts: 1102), 2:D2 (ts: 1102), 3:D3 (ts: 1102),
    //            0:E0 (ts: 1103), 1:E1 (ts: 1103), 2:E2 (ts: 1103), 3:E3 (ts: 1103),
    //            0:F0 (ts: 1104), 1:F1 (ts: 1104), 2:F2 (ts: 1104), 3:F3 (ts: 1104),
    //            0:G0 (ts: 899), 1:G1 (ts: 899), 2:G2 (ts: 899), 3:G3 (ts: 899) }
    // --> w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //            0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    time = 1000 - 100 - 1;
    for (const expectedKey of expectedKeys) {
        await inputTopic1.pipeInput(expectedKey, "G" + expectedKey, time);
    }
    processor.checkAndClearProcessResult(
        kvt(0, "G0+null", 899),
        kvt(1, "G1+null", 899),
        kvt(2, "G2+null", 899),
        kvt(3, "G3+null", 899)
    );

    // push four items with increase timestamp to the primary stream; this should produce three left-join and one full-join items
    // w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //        0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100),
    //        0:C0 (ts: 1101), 1:C1 (ts: 1101), 2:C2 (ts: 1101), 3:C3 (ts: 1101),
    //        0:D0 (ts: 1102), 1:D1 (ts: 1102), 2:D2 (ts: 1102), 3:D3 (ts: 1102),
    //        0:E0 (ts: 1103), 1:E1 (ts: 1103), 2:E2 (ts: 1103), 3:E3 (ts: 1103),
    //        0:F0 (ts: 1104), 1:F1 (ts: 1104), 2:F2 (ts: 1104), 3:F3 (ts: 1104),
    //        0:G0 (ts: 899), 1:G1 (ts: 899), 2:G2 (ts: 899), 3:G3 (ts: 899) }
    // w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //        0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //            0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100),
    //            0:C0 (ts: 1101), 1:C1 (ts: 1101), 2:C2 (ts: 1101), 3:C3 (ts: 1101),
    //            0:D0 (ts: 1102), 1:D1 (ts: 1102), 2:D2 (ts: 1102), 3:D3 (ts: 1102),
    //            0:E0 (ts: 1103), 1:E1 (ts: 1103), 2:E2 (ts: 1103), 3:E3 (ts: 1103),
    //            0:F0 (ts: 1104), 1:F1 (ts: 1104), 2:F2 (ts: 1104), 3:F3 (ts: 1104),
    //            0:G0 (ts: 899), 1:G1 (ts: 899), 2:G2 (ts: 899), 3:G3 (ts: 899),
    //            0:H0 (ts: 900), 1:H1 (ts: 900), 2:H2 (ts: 900), 3:H3 (ts: 900) }
    // --> w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //            0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    time += 1;
    for (const expectedKey of expectedKeys) {
        await inputTopic1.pipeInput(expectedKey, "H" + expectedKey, time);
    }
    processor.checkAndClearProcessResult(
        kvt(0, "H0+b0", 1000),
        kvt(1, "H1+null", 900),
        kvt(2, "H2+null", 900),
        kvt(3, "H3+null", 900)
    );

    // push four items with increase timestamp to the primary stream; this should produce two left-join and two full-join items
    // w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //        0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100),
    //        0:C0 (ts: 1101), 1:C1 (ts: 1101), 2:C2 (ts: 1101), 3:C3 (ts: 1101),
    //        0:D0 (ts: 1102), 1:D1 (ts: 1102), 2:D2 (ts: 1102), 3:D3 (ts: 1102),
    //        0:E0 (ts: 1103), 1:E1 (ts: 1103), 2:E2 (ts: 1103), 3:E3 (ts: 1103),
    //        0:F0 (ts: 1104), 1:F1 (ts: 1104), 2:F2 (ts: 1104), 3:F3 (ts: 1104),
    //        0:G0 (ts: 899), 1:G1 (ts: 899), 2:G2 (ts: 899), 3:G3 (ts: 899),
    //        0:H0 (ts: 900), 1:H1 (ts: 900), 2:H2 (ts: 900), 3:H3 (ts: 900) }
    // w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //        0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //            0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100),
    //            0:C0 (ts: 1101), 1:C1 (ts: 1101), 2:C2 (ts: 1101), 3:C3 (ts: 1101),
    //            0:D0 (ts: 1102), 1:D1 (ts: 1102), 2:D2 (ts: 1102), 3:D3 (ts: 1102),
    //            0:E0 (ts: 1103), 1:E1 (ts: 1103), 2:E2 (ts: 1103), 3:E3 (ts: 1103),
    //            0:F0 (ts: 1104), 1:F1 (ts: 1104), 2:F2 (ts: 1104), 3:F3 (ts: 1104),
    //            0:G0 (ts: 899), 1:G1 (ts: 899), 2:G2 (ts: 899), 3:G3 (ts: 899),
    //            0:H0 (ts: 900), 1:H1 (ts: 900), 2:H2 (ts: 900), 3:H3 (ts: 900),
    //            0:I0 (ts: 901), 1:I1 (ts: 901), 2:I2 (ts: 901), 3:I3 (ts: 901) }
    // --> w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //            0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    time += 1;
    for (const expectedKey of expectedKeys) {
        await inputTopic1.pipeInput(expectedKey, "I" + expectedKey, time);
    }
    processor.checkAndClearProcessResult(
        kvt(0, "I0+b0", 1000),
        kvt(1, "I1+b1", 1001),
        kvt(2, "I2+null", 901),
        kvt(3, "I3+null", 901)
    );

    // push four items with increase timestamp to the primary stream; this should produce one left-join and three full-join items
    // w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //        0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100),
    //        0:C0 (ts: 1101), 1:C1 (ts: 1101), 2:C2 (ts: 1101), 3:C3 (ts: 1101),
    //        0:D0 (ts: 1102), 1:D1 (ts: 1102), 2:D2 (ts: 1102), 3:D3 (ts: 1102),
    //        0:E0 (ts: 1103), 1:E1 (ts: 1103), 2:E2 (ts: 1103), 3:E3 (ts: 1103),
    //        0:F0 (ts: 1104), 1:F1 (ts: 1104), 2:F2 (ts: 1104), 3:F3 (ts: 1104),
    //        0:G0 (ts: 899), 1:G1 (ts: 899), 2:G2 (ts: 899), 3:G3 (ts: 899),
    //        0:H0 (ts: 900), 1:H1 (ts: 900), 2:H2 (ts: 900), 3:H3 (ts: 900),
    //        0:I0 (ts: 901), 1:I1 (ts: 901), 2:I2 (ts: 901), 3:I3 (ts: 901) }
    // w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //        0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //            0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100),
    //            0:C0 (ts: 1101), 1:C1 (ts: 1101), 2:C2 (ts: 1101), 3:C3 (ts: 1101),
    //            0:D0 (ts: 1102), 1:D1 (ts: 1102), 2:D2 (ts: 1102), 3:D3 (ts: 1102),
    //            0:E0 (ts: 1103), 1:E1 (ts: 1103), 2:E2 (ts: 1103), 3:E3 (ts: 1103),
    //            0:F0 (ts: 1104), 1:F1 (ts: 1104), 2:F2 (ts: 1104), 3:F3 (ts: 1104),
    //            0:G0 (ts: 899), 1:G1 (ts: 899), 2:G2 (ts: 899), 3:G3 (ts: 899),
    //            0:H0 (ts: 900), 1:H1 (ts: 900), 2:H2 (ts: 900), 3:H3 (ts: 900),
    //            0:I0 (ts: 901), 1:I1 (ts: 901), 2:I2 (ts: 901), 3:I3 (ts: 901),
    //            0:J0 (ts: 902), 1:J1 (ts: 902), 2:J2 (ts: 902), 3:J3 (ts: 902) }
    // --> w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //            0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    time += 1;
    for (const expectedKey of expectedKeys) {
        await inputTopic1.pipeInput(expectedKey, "J" + expectedKey, time);
    }
    processor.checkAndClearProcessResult(
        kvt(0, "J0+b0", 1000),
        kvt(1, "J1+b1", 1001),
        kvt(2, "J2+b2", 1002),
        kvt(3, "J3+null", 902)
    );

    // push four items with increase timestamp to the primary stream; this should produce one left-join and three full-join items
    // w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //        0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100),
    //        0:C0 (ts: 1101), 1:C1 (ts: 1101), 2:C2 (ts: 1101), 3:C3 (ts: 1101),
    //        0:D0 (ts: 1102), 1:D1 (ts: 1102), 2:D2 (ts: 1102), 3:D3 (ts: 1102),
    //        0:E0 (ts: 1103), 1:E1 (ts: 1103), 2:E2 (ts: 1103), 3:E3 (ts: 1103),
    //        0:F0 (ts: 1104), 1:F1 (ts: 1104), 2:F2 (ts: 1104), 3:F3 (ts: 1104),
    //        0:G0 (ts: 899), 1:G1 (ts: 899), 2:G2 (ts: 899), 3:G3 (ts: 899),
    //        0:H0 (ts: 900), 1:H1 (ts: 900), 2:H2 (ts: 900), 3:H3 (ts: 900),
    //        0:I0 (ts: 901), 1:I1 (ts: 901), 2:I2 (ts: 901), 3:I3 (ts: 901),
    //        0:J0 (ts: 902), 1:J1 (ts: 902), 2:J2 (ts: 902), 3:J3 (ts: 902) }
    // w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //        0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0),
    //            0:B0 (ts: 1100), 1:B1 (ts: 1100), 2:B2 (ts: 1100), 3:B3 (ts: 1100),
    //            0:C0 (ts: 1101), 1:C1 (ts: 1101), 2:C2 (ts: 1101), 3:C3 (ts: 1101),
    //            0:D0 (ts: 1102), 1:D1 (ts: 1102), 2:D2 (ts: 1102), 3:D3 (ts: 1102),
    //            0:E0 (ts: 1103), 1:E1 (ts: 1103), 2:E2 (ts: 1103), 3:E3 (ts: 1103),
    //            0:F0 (ts: 1104), 1:F1 (ts: 1104), 2:F2 (ts: 1104), 3:F3 (ts: 1104),
    //            0:G0 (ts: 899), 1:G1 (ts: 899), 2:G2 (ts: 899), 3:G3 (ts: 899),
    //            0:H0 (ts: 900), 1:H1 (ts: 900), 2:H2 (ts: 900), 3:H3 (ts: 900),
    //            0:I0 (ts: 901), 1:I1 (ts: 901), 2:I2 (ts: 901), 3:I3 (ts: 901),
    //            0:J0 (ts: 902), 1:J1 (ts: 902), 2:J2 (ts: 902), 3:J3 (ts: 902),
    //            0:K0 (ts: 903), 1:K1 (ts: 903), 2:K2 (ts: 903), 3:K3 (ts: 903) }
    // --> w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0),
    //            0:b0 (ts: 1000), 1:b1 (ts: 1001), 2:b2 (ts: 1002), 3:b3 (ts: 1003) }
    time += 1;
    for (const expectedKey of expectedKeys) {
        await inputTopic1.pipeInput(expectedKey, "K" + expectedKey, time);
    }
    processor.checkAndClearProcessResult(
        kvt(0, "K0+b0", 1000),
        kvt(1, "K1+b1", 1001),
        kvt(2, "K2+b2", 1002),
        kvt(3, "K3+b3", 1003)
    );

    // push a dummy record that should expire non-joined items; it should produce only the dummy+null record because
    // all previous late records were emitted immediately
    await inputTopic1.pipeInput(0, "dummy", time + 300);
    processor.checkAndClearProcessResult(kvt(0, "dummy+null", 1203));
}

describe('KStreamKStreamLeftJoinTest (replayed from Kafka Streams)', () => {
  afterEach(closeDrivers);

  it('testLeftJoinDuplicates', async () => {
      const builder = new StreamsBuilder();

      let stream1: KStream<number, string>;
      let stream2: KStream<number, string>;
      let joined: KStream<number, string>;
      const supplier = mockApiProcessorSupplier();
      stream1 = builder.stream(topic1, consumed);
      stream2 = builder.stream(topic2, consumed);

      joined = stream1.leftJoin(
          stream2,
          MockValueJoiner.TOSTRING_JOINER,
          JoinWindows.ofTimeDifferenceAndGrace(ofMillis(100), ofMillis(10)),
          StreamJoined.with(Serdes.Integer(), Serdes.String(), Serdes.String())
      );
      joined.process(supplier);

      {
            const driver = newDriver(builder.build(), PROPS);
          const inputTopic1 =
              driver.createInputTopic(topic1, Serdes.Integer(), Serdes.String(), 0, 0);
          const inputTopic2 =
              driver.createInputTopic(topic2, Serdes.Integer(), Serdes.String(), 0, 0);
          const processor = supplier.theCapturedProcessor();

          // verifies non-joined duplicates are emitted when window has closed
          await inputTopic1.pipeInput(0, "A0", 0);
          await inputTopic1.pipeInput(0, "A0-0", 0);
          await inputTopic2.pipeInput(1, "a0", 111);
          // bump stream-time to trigger left-join results
          await inputTopic2.pipeInput(2, "dummy", 500);

          processor.checkAndClearProcessResult(
              kvt(0, "A0+null", 0),
              kvt(0, "A0-0+null", 0)
          );

          // verifies joined duplicates are emitted
          await inputTopic1.pipeInput(2, "A2", 1000);
          await inputTopic1.pipeInput(2, "A2-0", 1000);
          await inputTopic2.pipeInput(2, "a2", 1001);

          processor.checkAndClearProcessResult(
              kvt(2, "A2+a2", 1001),
              kvt(2, "A2-0+a2", 1001)
          );

          // this record should expired non-joined records, but because A2 and A2-0 are joined and
          // emitted already, then they won't be emitted again
          await inputTopic2.pipeInput(3, "a3", 315);

          processor.checkAndClearProcessResult();
      }
  });

  it('testLeftExpiredNonJoinedRecordsAreEmittedByTheLeftProcessor', async () => {
      const builder = new StreamsBuilder();

      let stream1: KStream<number, string>;
      let stream2: KStream<number, string>;
      let joined: KStream<number, string>;
      const supplier = mockApiProcessorSupplier();

      stream1 = builder.stream(topic1, consumed);
      stream2 = builder.stream(topic2, consumed);
      joined = stream1.leftJoin(
          stream2,
          MockValueJoiner.TOSTRING_JOINER,
          JoinWindows.ofTimeDifferenceAndGrace(ofMillis(100), ofMillis(0)),
          StreamJoined.with(Serdes.Integer(), Serdes.String(), Serdes.String())
      );
      joined.process(supplier);

      {
            const driver = newDriver(builder.build(), PROPS);
          const inputTopic1 =
              driver.createInputTopic(topic1, Serdes.Integer(), Serdes.String(), 0, 0);
          const inputTopic2 =
              driver.createInputTopic(topic2, Serdes.Integer(), Serdes.String(), 0, 0);
          const processor = supplier.theCapturedProcessor();

          let windowStart = 0;

          // No joins detected; No null-joins emitted
          await inputTopic1.pipeInput(0, "A0", windowStart + 1);
          await inputTopic1.pipeInput(1, "A1", windowStart + 2);
          await inputTopic1.pipeInput(0, "A0-0", windowStart + 3);
          processor.checkAndClearProcessResult();

          // Join detected; No null-joins emitted
          await inputTopic2.pipeInput(1, "a1", windowStart + 3);
          processor.checkAndClearProcessResult(
              kvt(1, "A1+a1", windowStart + 3)
          );

          // Dummy record in left topic will emit expired non-joined records from the left topic
          await inputTopic1.pipeInput(2, "dummy", windowStart + 401);
          processor.checkAndClearProcessResult(
              kvt(0, "A0+null", windowStart + 1),
              kvt(0, "A0-0+null", windowStart + 3)
          );

          // Flush internal non-joined state store by joining the dummy record
          await inputTopic2.pipeInput(2, "dummy", windowStart + 401);
          processor.checkAndClearProcessResult(
              kvt(2, "dummy+dummy", windowStart + 401)
          );
      }
  });

  it('testLeftExpiredNonJoinedRecordsAreEmittedByTheRightProcessor', async () => {
      const builder = new StreamsBuilder();

      let stream1: KStream<number, string>;
      let stream2: KStream<number, string>;
      let joined: KStream<number, string>;
      const supplier = mockApiProcessorSupplier();

      stream1 = builder.stream(topic1, consumed);
      stream2 = builder.stream(topic2, consumed);
      joined = stream1.leftJoin(
          stream2,
          MockValueJoiner.TOSTRING_JOINER,
          JoinWindows.ofTimeDifferenceAndGrace(ofMillis(100), ofMillis(0)),
          StreamJoined.with(Serdes.Integer(), Serdes.String(), Serdes.String())
      );
      joined.process(supplier);

      {
            const driver = newDriver(builder.build(), PROPS);
          const inputTopic1 =
              driver.createInputTopic(topic1, Serdes.Integer(), Serdes.String(), 0, 0);
          const inputTopic2 =
              driver.createInputTopic(topic2, Serdes.Integer(), Serdes.String(), 0, 0);
          const processor = supplier.theCapturedProcessor();

          let windowStart = 0;

          // No joins detected; No null-joins emitted
          await inputTopic1.pipeInput(0, "A0", windowStart + 1);
          await inputTopic1.pipeInput(1, "A1", windowStart + 2);
          await inputTopic1.pipeInput(0, "A0-0", windowStart + 3);
          processor.checkAndClearProcessResult();

          // Join detected; No null-joins emitted
          await inputTopic2.pipeInput(1, "a1", windowStart + 3);
          processor.checkAndClearProcessResult(
              kvt(1, "A1+a1", windowStart + 3)
          );

          // Dummy record in right topic will emit expired non-joined records from the left topic
          await inputTopic2.pipeInput(2, "dummy", windowStart + 401);
          processor.checkAndClearProcessResult(
              kvt(0, "A0+null", windowStart + 1),
              kvt(0, "A0-0+null", windowStart + 3)
          );

          // Flush internal non-joined state store by joining the dummy record
          await inputTopic1.pipeInput(2, "dummy", windowStart + 402);
          processor.checkAndClearProcessResult(
              kvt(2, "dummy+dummy", windowStart + 402)
          );
      }
  });

  it('testRightNonJoinedRecordsAreNeverEmittedByTheLeftProcessor', async () => {
      const builder = new StreamsBuilder();

      let stream1: KStream<number, string>;
      let stream2: KStream<number, string>;
      let joined: KStream<number, string>;
      const supplier = mockApiProcessorSupplier();

      stream1 = builder.stream(topic1, consumed);
      stream2 = builder.stream(topic2, consumed);
      joined = stream1.leftJoin(
          stream2,
          MockValueJoiner.TOSTRING_JOINER,
          JoinWindows.ofTimeDifferenceAndGrace(ofMillis(100), ofMillis(0)),
          StreamJoined.with(Serdes.Integer(), Serdes.String(), Serdes.String())
      );
      joined.process(supplier);

      {
            const driver = newDriver(builder.build(), PROPS);
          const inputTopic1 =
              driver.createInputTopic(topic1, Serdes.Integer(), Serdes.String(), 0, 0);
          const inputTopic2 =
              driver.createInputTopic(topic2, Serdes.Integer(), Serdes.String(), 0, 0);
          const processor = supplier.theCapturedProcessor();

          let windowStart = 0;

          // No joins detected; No null-joins emitted
          await inputTopic2.pipeInput(0, "A0", windowStart + 1);
          await inputTopic2.pipeInput(1, "A1", windowStart + 2);
          await inputTopic2.pipeInput(0, "A0-0", windowStart + 3);
          processor.checkAndClearProcessResult();

          // Join detected; No null-joins emitted
          await inputTopic1.pipeInput(1, "a1", windowStart + 3);
          processor.checkAndClearProcessResult(
              kvt(1, "a1+A1", windowStart + 3)
          );

          // Dummy record in left topic will not emit records
          await inputTopic1.pipeInput(2, "dummy", windowStart + 401);
          processor.checkAndClearProcessResult();

          // Process the dummy joined record
          await inputTopic2.pipeInput(2, "dummy", windowStart + 402);
          processor.checkAndClearProcessResult(
              kvt(2, "dummy+dummy", windowStart + 402)
          );
      }
  });

  it('testRightNonJoinedRecordsAreNeverEmittedByTheRightProcessor', async () => {
      const builder = new StreamsBuilder();

      let stream1: KStream<number, string>;
      let stream2: KStream<number, string>;
      let joined: KStream<number, string>;
      const supplier = mockApiProcessorSupplier();

      stream1 = builder.stream(topic1, consumed);
      stream2 = builder.stream(topic2, consumed);
      joined = stream1.leftJoin(
          stream2,
          MockValueJoiner.TOSTRING_JOINER,
          JoinWindows.ofTimeDifferenceWithNoGrace(ofMillis(100)),
          StreamJoined.with(Serdes.Integer(), Serdes.String(), Serdes.String())
      );
      joined.process(supplier);

      {
            const driver = newDriver(builder.build(), PROPS);
          const inputTopic1 =
              driver.createInputTopic(topic1, Serdes.Integer(), Serdes.String(), 0, 0);
          const inputTopic2 =
              driver.createInputTopic(topic2, Serdes.Integer(), Serdes.String(), 0, 0);
          const processor = supplier.theCapturedProcessor();

          let windowStart = 0;

          // No joins detected; No null-joins emitted
          await inputTopic2.pipeInput(0, "A0", windowStart + 1);
          await inputTopic2.pipeInput(1, "A1", windowStart + 2);
          await inputTopic2.pipeInput(0, "A0-0", windowStart + 3);
          processor.checkAndClearProcessResult();

          // Join detected; No null-joins emitted
          await inputTopic1.pipeInput(1, "a1", windowStart + 3);
          processor.checkAndClearProcessResult(
              kvt(1, "a1+A1", windowStart + 3)
          );

          // Dummy record in right topic will not emit records
          await inputTopic2.pipeInput(2, "dummy", windowStart + 401);
          processor.checkAndClearProcessResult();

          // Process the dummy joined record
          await inputTopic1.pipeInput(2, "dummy", windowStart + 402);
          processor.checkAndClearProcessResult(
              kvt(2, "dummy+dummy", windowStart + 402)
          );
      }
  });

  it('testLeftJoinedRecordsWithZeroAfterAreEmitted', async () => {
      const builder = new StreamsBuilder();

      const expectedKeys = [0, 1, 2, 3];

      let stream1: KStream<number, string>;
      let stream2: KStream<number, string>;
      let joined: KStream<number, string>;
      const supplier = mockApiProcessorSupplier();
      stream1 = builder.stream(topic1, consumed);
      stream2 = builder.stream(topic2, consumed);
      
      joined = stream1.leftJoin(
          stream2,
          MockValueJoiner.TOSTRING_JOINER,
          JoinWindows.ofTimeDifferenceWithNoGrace(ofMillis(100)).after(ZERO),
          StreamJoined.with(Serdes.Integer(),
              Serdes.String(),
              Serdes.String())
      );
      joined.process(supplier);

      const copartitionGroups =
          copartitionGroupsOf(builder.build());

      expect(copartitionGroups.length).toEqual(1);
      expect(copartitionGroups[0]).toEqual(new Set([topic1, topic2]));

      {
            const driver = newDriver(builder.build(), PROPS);
          const inputTopic1 =
                  driver.createInputTopic(topic1, Serdes.Integer(), Serdes.String(), 0, 0);
          const inputTopic2 =
                  driver.createInputTopic(topic2, Serdes.Integer(), Serdes.String(), 0, 0);
          const processor = supplier.theCapturedProcessor();

          // processor.init(null): nothing to do for the TS MockApiProcessor
          
          // push four items with increasing timestamps to the primary stream; the other window is empty; 
          // this should emit the first three left-joined items;
          // A3 is not triggered yet
          // w1 = {}
          // w2 = {}
          // --> w1 = { 0:A0 (ts: 1000), 1:A1 (ts: 1001), 2:A2 (ts: 1002), 3:A3 (ts: 1003) }
          //     w2 = {}
          let time = 1000;
          for (let i = 0; i < expectedKeys.length; i++) {
              await inputTopic1.pipeInput(expectedKeys[i]!, "A" + expectedKeys[i]!, time + i);
          }
          processor.checkAndClearProcessResult(
                  kvt(0, "A0+null", 1000),
                  kvt(1, "A1+null", 1001),
                  kvt(2, "A2+null", 1002)
          );
          
          // push four items smaller timestamps (out of window) to the secondary stream; 
          // this should produce four joined items
          // w1 = { 0:A0 (ts: 1000), 1:A1 (ts: 1001), 2:A2 (ts: 1002), 3:A3 (ts: 1003) }
          // w2 = {}
          // --> w1 = { 0:A0 (ts: 1000), 1:A1 (ts: 1001), 2:A2 (ts: 1002), 3:A3 (ts: 1003) }
          //     w2 = { 0:a0 (ts: 999), 1:a1 (ts: 999), 2:a2 (ts: 999), 3:a3 (ts: 999) }
          time = 1000 - 1;
          for (const expectedKey of expectedKeys) {
              await inputTopic2.pipeInput(expectedKey, "a" + expectedKey, time);
          }
          processor.checkAndClearProcessResult(
                  kvt(0, "A0+a0", 1000),
                  kvt(1, "A1+a1", 1001),
                  kvt(2, "A2+a2", 1002),
                  kvt(3, "A3+a3", 1003)
          );

          // push four items with increased timestamps to the secondary stream; 
          // this should produce four joined item
          // w1 = { 0:A0 (ts: 1000), 1:A1 (ts: 1001), 2:A2 (ts: 1002), 3:A3 (ts: 1003) }
          // w2 = { 0:a0 (ts: 999), 1:a1 (ts: 999), 2:a2 (ts: 999), 3:a3 (ts: 999) }
          // --> w1 = { 0:A0 (ts: 1000), 1:A1 (ts: 1001), 2:A2 (ts: 1002), 3:A3 (ts: 1003) }
          //     w2 = { 0:a0 (ts: 999), 1:a1 (ts: 999), 2:a2 (ts: 999), 3:a3 (ts: 999),
          //            0:b0 (ts: 1000), 1:b1 (ts: 1000), 2:b2 (ts: 1000), 3:b3 (ts: 1000) }
          time += 1;
          for (const expectedKey of expectedKeys) {
              await inputTopic2.pipeInput(expectedKey, "b" + expectedKey, time);
          }
          processor.checkAndClearProcessResult(
                  kvt(0, "A0+b0", 1000),
                  kvt(1, "A1+b1", 1001),
                  kvt(2, "A2+b2", 1002),
                  kvt(3, "A3+b3", 1003)
          );

          // push four items with increased timestamps to the secondary stream; 
          // this should produce only three joined items;
          // c0 arrives too late to be joined with A0
          // w1 = { 0:A0 (ts: 1000), 1:A1 (ts: 1001), 2:A2 (ts: 1002), 3:A3 (ts: 1003) }
          // w2 = { 0:a0 (ts: 999), 1:a1 (ts: 999), 2:a2 (ts: 999), 3:a3 (ts: 999),
          //        0:b0 (ts: 1000), 1:b1 (ts: 1000), 2:b2 (ts: 1000), 3:b3 (ts: 1000) }
          // --> w1 = { 0:A0 (ts: 1000), 1:A1 (ts: 1001), 2:A2 (ts: 1002), 3:A3 (ts: 1003) }
          //     w2 = { 0:a0 (ts: 999), 1:a1 (ts: 999), 2:a2 (ts: 999), 3:a3 (ts: 999),
          //            0:b0 (ts: 1000), 1:b1 (ts: 1000), 2:b2 (ts: 1000), 3:b3 (ts: 1000),
          //            0:c0 (ts: 1001), 1:c1 (ts: 1001), 2:c2 (ts: 1001), 3:c3 (ts: 1001) }
          time += 1;
          for (const expectedKey of expectedKeys) {
              await inputTopic2.pipeInput(expectedKey, "c" + expectedKey, time);
          }
          processor.checkAndClearProcessResult(
                  kvt(1, "A1+c1", 1001),
                  kvt(2, "A2+c2", 1002),
                  kvt(3, "A3+c3", 1003)
          );

          // push four items with increased timestamps to the secondary stream;
          // this should produce only two joined items;
          // d0 and d1 arrive too late to be joined with A0 and A1
          // w1 = { 0:A0 (ts: 1000), 1:A1 (ts: 1001), 2:A2 (ts: 1002), 3:A3 (ts: 1003) }
          // w2 = { 0:a0 (ts: 999), 1:a1 (ts: 999), 2:a2 (ts: 999), 3:a3 (ts: 999),
          //        0:b0 (ts: 1000), 1:b1 (ts: 1000), 2:b2 (ts: 1000), 3:b3 (ts: 1000),
          //        0:c0 (ts: 1001), 1:c1 (ts: 1001), 2:c2 (ts: 1001), 3:c3 (ts: 1001) }
          // --> w1 = { 0:A0 (ts: 1000), 1:A1 (ts: 1001), 2:A2 (ts: 1002), 3:A3 (ts: 1003) }
          //     w2 = { 0:a0 (ts: 999), 1:a1 (ts: 999), 2:a2 (ts: 999), 3:a3 (ts: 999),
          //            0:b0 (ts: 1000), 1:b1 (ts: 1000), 2:b2 (ts: 1000), 3:b3 (ts: 1000),
          //            0:c0 (ts: 1001), 1:c1 (ts: 1001), 2:c2 (ts: 1001), 3:c3 (ts: 1001),
          //            0:d0 (ts: 1002), 1:d1 (ts: 1002), 2:d2 (ts: 1002), 3:d3 (ts: 1002) }
          time += 1;
          for (const expectedKey of expectedKeys) {
              await inputTopic2.pipeInput(expectedKey, "d" + expectedKey, time);
          }
          processor.checkAndClearProcessResult(
                  kvt(2, "A2+d2", 1002),
                  kvt(3, "A3+d3", 1003)
          );

          // push four items with increased timestamps to the secondary stream; 
          // this should produce one joined item;
          // only e3 can be joined with A3;
          // e0, e1 and e2 arrive too late to be joined with A0, A1 and A2
          // w1 = { 0:A0 (ts: 1000), 1:A1 (ts: 1001), 2:A2 (ts: 1002), 3:A3 (ts: 1003) }
          // w2 = { 0:a0 (ts: 999), 1:a1 (ts: 999), 2:a2 (ts: 999), 3:a3 (ts: 999),
          //        0:b0 (ts: 1000), 1:b1 (ts: 1000), 2:b2 (ts: 1000), 3:b3 (ts: 1000),
          //        0:c0 (ts: 1001), 1:c1 (ts: 1001), 2:c2 (ts: 1001), 3:c3 (ts: 1001),
          //        0:d0 (ts: 1002), 1:d1 (ts: 1002), 2:d2 (ts: 1002), 3:d3 (ts: 1002) }
          // --> w1 = { 0:A0 (ts: 1000), 1:A1 (ts: 1001), 2:A2 (ts: 1002), 3:A3 (ts: 1003) }
          //     w2 = { 0:a0 (ts: 999), 1:a1 (ts: 999), 2:a2 (ts: 999), 3:a3 (ts: 999),
          //            0:b0 (ts: 1000), 1:b1 (ts: 1000), 2:b2 (ts: 1000), 3:b3 (ts: 1000),
          //            0:c0 (ts: 1001), 1:c1 (ts: 1001), 2:c2 (ts: 1001), 3:c3 (ts: 1001),
          //            0:d0 (ts: 1002), 1:d1 (ts: 1002), 2:d2 (ts: 1002), 3:d3 (ts: 1002),
          //            0:e0 (ts: 1003), 1:e1 (ts: 1003), 2:e2 (ts: 1003), 3:e3 (ts: 1003) }
          time += 1;
          for (const expectedKey of expectedKeys) {
              await inputTopic2.pipeInput(expectedKey, "e" + expectedKey, time);
          }
          processor.checkAndClearProcessResult(
              kvt(3, "A3+e3", 1003)
          );

          // push four items with larger timestamps to the secondary stream;
          // no (non-)joined items can be produced
          // 
          // w1 = { 0:A0 (ts: 1000), 1:A1 (ts: 1001), 2:A2 (ts: 1002), 3:A3 (ts: 1003) }
          // w2 = { 0:a0 (ts: 999), 1:a1 (ts: 999), 2:a2 (ts: 999), 3:a3 (ts: 999),
          //        0:b0 (ts: 1000), 1:b1 (ts: 1000), 2:b2 (ts: 1000), 3:b3 (ts: 1000),
          //        0:c0 (ts: 1001), 1:c1 (ts: 1001), 2:c2 (ts: 1001), 3:c3 (ts: 1001),
          //        0:d0 (ts: 1002), 1:d1 (ts: 1002), 2:d2 (ts: 1002), 3:d3 (ts: 1002),
          //        0:e0 (ts: 1003), 1:e1 (ts: 1003), 2:e2 (ts: 1003), 3:e3 (ts: 1003) }
          // --> w1 = { 0:A0 (ts: 1000), 1:A1 (ts: 1001), 2:A2 (ts: 1002), 3:A3 (ts: 1003) }
          //     w2 = { 0:a0 (ts: 999), 1:a1 (ts: 999), 2:a2 (ts: 999), 3:a3 (ts: 999),
          //            0:b0 (ts: 1000), 1:b1 (ts: 1000), 2:b2 (ts: 1000), 3:b3 (ts: 1000),
          //            0:c0 (ts: 1001), 1:c1 (ts: 1001), 2:c2 (ts: 1001), 3:c3 (ts: 1001),
          //            0:d0 (ts: 1002), 1:d1 (ts: 1002), 2:d2 (ts: 1002), 3:d3 (ts: 1002),
          //            0:e0 (ts: 1003), 1:e1 (ts: 1003), 2:e2 (ts: 1003), 3:e3 (ts: 1003),
          //            0:f0 (ts: 1100), 1:f1 (ts: 1100), 2:f2 (ts: 1100), 3:f3 (ts: 1100) }
          time = 1000 + 100;
          for (const expectedKey of expectedKeys) {
              await inputTopic2.pipeInput(expectedKey, "f" + expectedKey, time);
          }
          processor.checkAndClearProcessResult();
      }
  });

  it('testLeftJoinWithInMemoryCustomSuppliers', async () => {
      const joinWindows = JoinWindows.ofTimeDifferenceAndGrace(ofMillis(100), ofMillis(0));

      const thisStoreSupplier = Stores.inMemoryWindowStore("in-memory-join-store",
          ofMillis(joinWindows.sizeMs + joinWindows.graceMs),
          ofMillis(joinWindows.sizeMs), true);

      const otherStoreSupplier = Stores.inMemoryWindowStore("in-memory-join-store-other",
          ofMillis(joinWindows.sizeMs + joinWindows.graceMs),
          ofMillis(joinWindows.sizeMs), true);

      const streamJoined = StreamJoined.with(Serdes.Integer(), Serdes.String(), Serdes.String());

      await runLeftJoin(streamJoined.withThisStoreSupplier(thisStoreSupplier).withOtherStoreSupplier(otherStoreSupplier), joinWindows);
  });

  it('testLeftJoinWithDefaultSuppliers', async () => {
      const joinWindows = JoinWindows.ofTimeDifferenceWithNoGrace(ofMillis(100));
      const streamJoined = StreamJoined.with(Serdes.Integer(), Serdes.String(), Serdes.String());

      await runLeftJoin(streamJoined, joinWindows);
  });

  it('testOrdering', async () => {
      const builder = new StreamsBuilder();

      let stream1: KStream<number, string>;
      let stream2: KStream<number, string>;
      let joined: KStream<number, string>;
      const supplier = mockApiProcessorSupplier();
      stream1 = builder.stream(topic1, consumed);
      stream2 = builder.stream(topic2, consumed);

      joined = stream1.leftJoin(
          stream2,
          MockValueJoiner.TOSTRING_JOINER,
          JoinWindows.ofTimeDifferenceWithNoGrace(ofMillis(100)),
          StreamJoined.with(Serdes.Integer(), Serdes.String(), Serdes.String())
      );
      joined.process(supplier);

      {
            const driver = newDriver(builder.build(), PROPS);
          const inputTopic1 =
              driver.createInputTopic(topic1, Serdes.Integer(), Serdes.String(), 0, 0);
          const inputTopic2 =
              driver.createInputTopic(topic2, Serdes.Integer(), Serdes.String(), 0, 0);
          const processor = supplier.theCapturedProcessor();

          // push two items to the primary stream; the other window is empty; this should not produce any item yet
          // w1 = {}
          // w2 = {}
          // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 100) }
          // --> w2 = {}
          await inputTopic1.pipeInput(0, "A0", 0);
          await inputTopic1.pipeInput(1, "A1", 100);
          processor.checkAndClearProcessResult();

          // push one item to the other window that has a join; 
          // this should produce the joined record first;
          // then non-joined record with a closed window
          // by the time they were produced before
          // w1 = { 0:A0 (ts: 0), 1:A1 (ts: 100) }
          // w2 = { }
          // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 100) }
          // --> w2 = { 1:a1 (ts: 110) }
          await inputTopic2.pipeInput(1, "a1", 110);
          processor.checkAndClearProcessResult(
              kvt(0, "A0+null", 0),
              kvt(1, "A1+a1", 110)
          );
      }
  });

  it('testGracePeriod', async () => {
      const builder = new StreamsBuilder();
      const expectedKeys = [0, 1, 2, 3];

      let stream1: KStream<number, string>;
      let stream2: KStream<number, string>;
      let joined: KStream<number, string>;
      const supplier = mockApiProcessorSupplier();
      stream1 = builder.stream(topic1, consumed);
      stream2 = builder.stream(topic2, consumed);

      joined = stream1.leftJoin(
          stream2,
          MockValueJoiner.TOSTRING_JOINER,
          JoinWindows.ofTimeDifferenceAndGrace(ofMillis(100), ofMillis(10)),
          StreamJoined.with(Serdes.Integer(), Serdes.String(), Serdes.String())
      );
      joined.process(supplier);

      const copartitionGroups =
          copartitionGroupsOf(builder.build());

      expect(copartitionGroups.length).toEqual(1);
      expect(copartitionGroups[0]).toEqual(new Set([topic1, topic2]));

      {
            const driver = newDriver(builder.build(), PROPS);
          const inputTopic1 =
              driver.createInputTopic(topic1, Serdes.Integer(), Serdes.String(), 0, 0);
          const inputTopic2 =
              driver.createInputTopic(topic2, Serdes.Integer(), Serdes.String(), 0, 0);
          const processor = supplier.theCapturedProcessor();

          // push two items to the primary stream; the other window is empty; this should not produce items because window has not closed
          // w1 = {}
          // w2 = {}
          // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0) }
          // --> w2 = {}
          let time = 0;
          for (let i = 0; i < 2; i++) {
              await inputTopic1.pipeInput(expectedKeys[i]!, "A" + expectedKeys[i]!, time);
          }
          processor.checkAndClearProcessResult();

          // push two items to the other stream with a window time after the previous window ended (not closed); this should not produce
          // joined records because the window has ended, but not closed.
          // w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0) }
          // w2 = { }
          // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0) }
          // --> w2 = { 0:a0 (ts: 101), 1:a1 (ts: 101) }
          time += 101;
          for (const expectedKey of expectedKeys) {
              await inputTopic2.pipeInput(expectedKey, "a" + expectedKey, time);
          }
          processor.checkAndClearProcessResult();

          // push a dummy item to the other stream after the window is closed; this should only produced the expired non-joined records, but
          // not the joined records because the window has closed
          // w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0) }
          // w2 = { 0:a0 (ts: 101), 1:a1 (ts: 101) }
          // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0) }
          // --> w2 = { 0:a0 (ts: 101), 1:a1 (ts: 101),
          //            0:dummy (ts: 211)}
          time += 1100;
          await inputTopic2.pipeInput(0, "dummy", time);
          processor.checkAndClearProcessResult(
              kvt(0, "A0+null", 0),
              kvt(1, "A1+null", 0)
          );
      }
  });

  it('testWindowing', async () => {
      const builder = new StreamsBuilder();
      const expectedKeys = [0, 1, 2, 3];

      let stream1: KStream<number, string>;
      let stream2: KStream<number, string>;
      let joined: KStream<number, string>;
      const supplier = mockApiProcessorSupplier();
      stream1 = builder.stream(topic1, consumed);
      stream2 = builder.stream(topic2, consumed);

      joined = stream1.leftJoin(
          stream2,
          MockValueJoiner.TOSTRING_JOINER,
          JoinWindows.ofTimeDifferenceWithNoGrace(ofMillis(100)),
          StreamJoined.with(Serdes.Integer(), Serdes.String(), Serdes.String())
      );
      joined.process(supplier);

      const copartitionGroups =
          copartitionGroupsOf(builder.build());

      expect(copartitionGroups.length).toEqual(1);
      expect(copartitionGroups[0]).toEqual(new Set([topic1, topic2]));

      {
            const driver = newDriver(builder.build(), PROPS);
          const inputTopic1 =
                  driver.createInputTopic(topic1, Serdes.Integer(), Serdes.String(), 0, 0);
          const inputTopic2 =
                  driver.createInputTopic(topic2, Serdes.Integer(), Serdes.String(), 0, 0);
          const processor = supplier.theCapturedProcessor();
          let time = 0;

          // push two items to the primary stream; the other window is empty; this should not produce any items
          // w1 = {}
          // w2 = {}
          // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0) }
          // --> w2 = {}
          for (let i = 0; i < 2; i++) {
              await inputTopic1.pipeInput(expectedKeys[i]!, "A" + expectedKeys[i]!, time);
          }
          processor.checkAndClearProcessResult();

          // push four items to the other stream; this should produce two full-join items
          // w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0) }
          // w2 = {}
          // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 0) }
          // --> w2 = { 0:a0 (ts: 0), 1:a1 (ts: 0), 2:a2 (ts: 0), 3:a3 (ts: 0) }
          for (const expectedKey of expectedKeys) {
              await inputTopic2.pipeInput(expectedKey, "a" + expectedKey, time);
          }
          processor.checkAndClearProcessResult(
              kvt(0, "A0+a0", 0),
              kvt(1, "A1+a1", 0)
          );
          await testUpperWindowBound(expectedKeys, driver, processor);
          await testLowerWindowBound(expectedKeys, driver, processor);
      }
  });

  it('shouldNotEmitLeftJoinResultForAsymmetricWindow', async () => {
      const builder = new StreamsBuilder();
      const expectedKeys = [0, 1, 2, 3];

      let stream1: KStream<number, string>;
      let stream2: KStream<number, string>;
      let joined: KStream<number, string>;
      const supplier = mockApiProcessorSupplier();
      stream1 = builder.stream(topic1, consumed);
      stream2 = builder.stream(topic2, consumed);

      joined = stream1.leftJoin(
          stream2,
          MockValueJoiner.TOSTRING_JOINER,
          JoinWindows.ofTimeDifferenceWithNoGrace(ofMillis(100)).before(ZERO),
          StreamJoined.with(Serdes.Integer(), Serdes.String(), Serdes.String())
      );
      joined.process(supplier);

      {
            const driver = newDriver(builder.build(), PROPS);
          const inputTopic1 =
              driver.createInputTopic(topic1, Serdes.Integer(), Serdes.String(), 0, 0);
          const inputTopic2 =
              driver.createInputTopic(topic2, Serdes.Integer(), Serdes.String(), 0, 0);
          const processor = supplier.theCapturedProcessor();
          let time = 0;

          // push two items to the primary stream; the other window is empty; this should not produce any items
          // w1 = {}
          // w2 = {}
          // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 1) }
          // --> w2 = {}
          for (let i = 0; i < 2; i++) {
              await inputTopic1.pipeInput(expectedKeys[i]!, "A" + expectedKeys[i]!, time + i);
          }
          processor.checkAndClearProcessResult();

          // push one item to the other stream; this should produce one full-join item
          // w1 = { 0:A0 (ts: 0), 1:A1 (ts: 1) }
          // w2 = {}
          // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 1) }
          // --> w2 = { 0:a0 (ts: 100) }
          time += 100;
          await inputTopic2.pipeInput(expectedKeys[0]!, "a" + expectedKeys[0]!, time);

          processor.checkAndClearProcessResult(
              kvt(0, "A0+a0", 100)
          );

          // push one item to the other stream; this should produce one left-join item
          // w1 = { 0:A0 (ts: 0), 1:A1 (ts: 1) }
          // w2 = { 0:a0 (ts: 100) }
          // --> w1 = { 0:A0 (ts: 0), 1:A1 (ts: 1) }
          // --> w2 = { 0:a0 (ts: 100), 1:a1 (ts: 102) }
          time += 2;
          await inputTopic2.pipeInput(expectedKeys[1]!, "a" + expectedKeys[1]!, time);

          processor.checkAndClearProcessResult(
              kvt(1, "A1+null", 1)
          );
      }
  });

});
