/** Expected strings of RepartitionOptimizingTest, copied verbatim from Kafka 4.0 test sources (apache/kafka@1eb7644). */

export const expectedA = `Topologies:
   Sub-topology: 0
    Source: sourceStream (topics: [input])
      --> source-map
    Processor: source-map (stores: [])
      --> process-filter, count-groupByKey-repartition-filter
      <-- sourceStream
    Processor: process-filter (stores: [])
      --> process-mapValues
      <-- source-map
    Processor: count-groupByKey-repartition-filter (stores: [])
      --> count-groupByKey-repartition-sink
      <-- source-map
    Processor: process-mapValues (stores: [])
      --> process
      <-- process-filter
    Sink: count-groupByKey-repartition-sink (topic: count-groupByKey-repartition)
      <-- count-groupByKey-repartition-filter
    Processor: process (stores: [])
      --> none
      <-- process-mapValues

  Sub-topology: 1
    Source: count-groupByKey-repartition-source (topics: [count-groupByKey-repartition])
      --> aggregate, count, join-filter, reduce-filter
    Processor: count (stores: [count-store])
      --> count-toStream
      <-- count-groupByKey-repartition-source
    Processor: count-toStream (stores: [])
      --> join-other-windowed, count-to
      <-- count
    Processor: join-filter (stores: [])
      --> join-this-windowed
      <-- count-groupByKey-repartition-source
    Processor: reduce-filter (stores: [])
      --> reduce-peek
      <-- count-groupByKey-repartition-source
    Processor: join-other-windowed (stores: [other-join-store])
      --> join-other-join
      <-- count-toStream
    Processor: join-this-windowed (stores: [join-store])
      --> join-this-join
      <-- join-filter
    Processor: reduce-peek (stores: [])
      --> reducer
      <-- reduce-filter
    Processor: aggregate (stores: [aggregate-store])
      --> aggregate-toStream
      <-- count-groupByKey-repartition-source
    Processor: join-other-join (stores: [join-store])
      --> join-merge
      <-- join-other-windowed
    Processor: join-this-join (stores: [other-join-store])
      --> join-merge
      <-- join-this-windowed
    Processor: reducer (stores: [reduce-store])
      --> reduce-toStream
      <-- reduce-peek
    Processor: aggregate-toStream (stores: [])
      --> reduce-to
      <-- aggregate
    Processor: join-merge (stores: [])
      --> join-to
      <-- join-this-join, join-other-join
    Processor: reduce-toStream (stores: [])
      --> KSTREAM-SINK-0000000023
      <-- reducer
    Sink: KSTREAM-SINK-0000000023 (topic: outputTopic_2)
      <-- reduce-toStream
    Sink: count-to (topic: outputTopic_0)
      <-- count-toStream
    Sink: join-to (topic: joinedOutputTopic)
      <-- join-merge
    Sink: reduce-to (topic: outputTopic_1)
      <-- aggregate-toStream

`;

export const expectedH = `Topologies:
   Sub-topology: 0
    Source: sourceStream (topics: [input])
      --> source-map
    Processor: source-map (stores: [])
      --> reduce-filter, process-filter, aggregate-groupByKey-repartition-filter, count-groupByKey-repartition-filter, join-filter
      <-- sourceStream
    Processor: reduce-filter (stores: [])
      --> reduce-peek
      <-- source-map
    Processor: join-filter (stores: [])
      --> join-left-repartition-filter
      <-- source-map
    Processor: process-filter (stores: [])
      --> process-mapValues
      <-- source-map
    Processor: reduce-peek (stores: [])
      --> reduce-groupByKey-repartition-filter
      <-- reduce-filter
    Processor: aggregate-groupByKey-repartition-filter (stores: [])
      --> aggregate-groupByKey-repartition-sink
      <-- source-map
    Processor: count-groupByKey-repartition-filter (stores: [])
      --> count-groupByKey-repartition-sink
      <-- source-map
    Processor: join-left-repartition-filter (stores: [])
      --> join-left-repartition-sink
      <-- join-filter
    Processor: process-mapValues (stores: [])
      --> process
      <-- process-filter
    Processor: reduce-groupByKey-repartition-filter (stores: [])
      --> reduce-groupByKey-repartition-sink
      <-- reduce-peek
    Sink: aggregate-groupByKey-repartition-sink (topic: aggregate-groupByKey-repartition)
      <-- aggregate-groupByKey-repartition-filter
    Sink: count-groupByKey-repartition-sink (topic: count-groupByKey-repartition)
      <-- count-groupByKey-repartition-filter
    Sink: join-left-repartition-sink (topic: join-left-repartition)
      <-- join-left-repartition-filter
    Processor: process (stores: [])
      --> none
      <-- process-mapValues
    Sink: reduce-groupByKey-repartition-sink (topic: reduce-groupByKey-repartition)
      <-- reduce-groupByKey-repartition-filter

  Sub-topology: 1
    Source: count-groupByKey-repartition-source (topics: [count-groupByKey-repartition])
      --> count
    Processor: count (stores: [count-store])
      --> count-toStream
      <-- count-groupByKey-repartition-source
    Processor: count-toStream (stores: [])
      --> join-other-windowed, count-to
      <-- count
    Source: join-left-repartition-source (topics: [join-left-repartition])
      --> join-this-windowed
    Processor: join-other-windowed (stores: [other-join-store])
      --> join-other-join
      <-- count-toStream
    Processor: join-this-windowed (stores: [join-store])
      --> join-this-join
      <-- join-left-repartition-source
    Processor: join-other-join (stores: [join-store])
      --> join-merge
      <-- join-other-windowed
    Processor: join-this-join (stores: [other-join-store])
      --> join-merge
      <-- join-this-windowed
    Processor: join-merge (stores: [])
      --> join-to
      <-- join-this-join, join-other-join
    Sink: count-to (topic: outputTopic_0)
      <-- count-toStream
    Sink: join-to (topic: joinedOutputTopic)
      <-- join-merge

  Sub-topology: 2
    Source: aggregate-groupByKey-repartition-source (topics: [aggregate-groupByKey-repartition])
      --> aggregate
    Processor: aggregate (stores: [aggregate-store])
      --> aggregate-toStream
      <-- aggregate-groupByKey-repartition-source
    Processor: aggregate-toStream (stores: [])
      --> reduce-to
      <-- aggregate
    Sink: reduce-to (topic: outputTopic_1)
      <-- aggregate-toStream

  Sub-topology: 3
    Source: reduce-groupByKey-repartition-source (topics: [reduce-groupByKey-repartition])
      --> reducer
    Processor: reducer (stores: [reduce-store])
      --> reduce-toStream
      <-- reduce-groupByKey-repartition-source
    Processor: reduce-toStream (stores: [])
      --> KSTREAM-SINK-0000000023
      <-- reducer
    Sink: KSTREAM-SINK-0000000023 (topic: outputTopic_2)
      <-- reduce-toStream

`;
