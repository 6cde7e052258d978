"""Kinesis Data Streams end to end with boto3 and the AWS CLI: the course's
producer loop, a consumer reading every shard from TRIM_HORIZON, resharding
while producing, enhanced fan-out, and AWS's errors."""
import json
import threading
import time

from botocore.exceptions import ClientError

from nubo_e2e import NuboTestCase


class KinesisTest(NuboTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.k = cls.nubo.client("kinesis")

    def create(self, name, shards):
        self.k.create_stream(StreamName=name, ShardCount=shards)
        self.k.get_waiter("stream_exists").wait(StreamName=name, WaiterConfig={"Delay": 0.1, "MaxAttempts": 200})

    def wait_active(self, name):
        for _ in range(400):
            s = self.k.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
            if s["StreamStatus"] == "ACTIVE":
                return s
            time.sleep(0.05)
        self.fail(f"{name} never became ACTIVE")

    def read_all(self, name):
        """Reads every shard from TRIM_HORIZON, parents first; returns the
        records of each shard."""
        out = {}
        for shard in self.k.list_shards(StreamName=name)["Shards"]:
            sid = shard["ShardId"]
            it = self.k.get_shard_iterator(StreamName=name, ShardId=sid, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            recs = []
            while it:
                r = self.k.get_records(ShardIterator=it, Limit=1000)
                recs.extend(r["Records"])
                if r.get("NextShardIterator") is None:
                    self.assertIn("ChildShards", r)
                    break
                if not r["Records"] and r["MillisBehindLatest"] == 0:
                    break
                it = r["NextShardIterator"]
            out[sid] = recs
        return out

    def test_course_producer_and_consumer(self):
        name = "events"
        self.create(name, 2)
        events = [{"event_id": i, "kind": "click", "user": f"u{i % 5}"} for i in range(100)]
        shard_of = {}
        for i, event in enumerate(events):
            r = self.k.put_record(StreamName=name, Data=json.dumps(event), PartitionKey=str(i))
            shard_of[i] = r["ShardId"]
            self.assertTrue(r["SequenceNumber"].isdigit())
        got = []
        for sid, recs in self.read_all(name).items():
            for rec in recs:
                event = json.loads(rec["Data"])
                self.assertEqual(shard_of[event["event_id"]], sid)
                self.assertEqual(rec["PartitionKey"], str(event["event_id"]))
                got.append(event["event_id"])
        self.assertEqual(sorted(got), list(range(100)))

    def test_split_and_merge_while_producing(self):
        name = "reshard"
        self.create(name, 2)
        acked = {}
        stop = threading.Event()
        lock = threading.Lock()
        producer = self.nubo.client("kinesis")

        def produce():
            i = 0
            while not stop.is_set():
                batch = [{"Data": json.dumps({"n": i + j}).encode(), "PartitionKey": f"pk{(i + j) % 31}"} for j in range(20)]
                r = producer.put_records(StreamName=name, Records=batch)
                with lock:
                    for j, res in enumerate(r["Records"]):
                        if "SequenceNumber" in res:
                            acked[i + j] = res["SequenceNumber"]
                i += 20

        t = threading.Thread(target=produce)
        t.start()
        try:
            time.sleep(0.3)
            shard0 = self.k.list_shards(StreamName=name)["Shards"][0]
            lo = int(shard0["HashKeyRange"]["StartingHashKey"])
            hi = int(shard0["HashKeyRange"]["EndingHashKey"])
            self.k.split_shard(StreamName=name, ShardToSplit=shard0["ShardId"], NewStartingHashKey=str((lo + hi) // 2))
            self.wait_active(name)
            time.sleep(0.3)
            self.k.merge_shards(StreamName=name, ShardToMerge="shardId-000000000002", AdjacentShardToMerge="shardId-000000000003")
            self.wait_active(name)
            time.sleep(0.3)
        finally:
            stop.set()
            t.join()
        seen = {}
        for recs in self.read_all(name).values():
            for rec in recs:
                n = json.loads(rec["Data"])["n"]
                seen[n] = seen.get(n, 0) + 1
                if n in acked:
                    self.assertEqual(acked[n], rec["SequenceNumber"])
        self.assertGreater(len(acked), 50)
        for n in acked:
            self.assertEqual(seen.get(n), 1, f"record {n}")
        self.assertEqual(set(seen), set(acked))
        shards = self.k.list_shards(StreamName=name)["Shards"]
        self.assertEqual(len(shards), 5)
        self.assertEqual(shards[4].get("ParentShardId"), "shardId-000000000002")
        self.assertEqual(shards[4].get("AdjacentParentShardId"), "shardId-000000000003")

    def test_errors(self):
        with self.assertRaises(ClientError) as cm:
            self.k.describe_stream(StreamName="does-not-exist")
        err = cm.exception.response["Error"]
        self.assertEqual(err["Code"], "ResourceNotFoundException")
        self.assertEqual(err["Message"], "Stream does-not-exist under account 000000000000 not found.")
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)

        self.create("errs", 1)
        with self.assertRaises(ClientError) as cm:
            self.k.create_stream(StreamName="errs", ShardCount=1)
        self.assertEqual(cm.exception.response["Error"]["Code"], "ResourceInUseException")

        with self.assertRaises(ClientError) as cm:
            self.k.get_records(ShardIterator="bm90IGFuIGl0ZXJhdG9y")
        self.assertEqual(cm.exception.response["Error"]["Code"], "InvalidArgumentException")
        self.assertEqual(cm.exception.response["Error"]["Message"], "Invalid ShardIterator.")

        with self.assertRaises(ClientError) as cm:
            self.k.put_record(StreamName="errs", Data=b"x" * (1024 * 1024 + 1), PartitionKey="k")
        self.assertEqual(cm.exception.response["Error"]["Code"], "ValidationException")

        with self.assertRaises(ClientError) as cm:
            self.k.create_stream(StreamName="bad/name", ShardCount=1)
        self.assertEqual(cm.exception.response["Error"]["Code"], "ValidationException")

        with self.assertRaises(ClientError) as cm:
            self.k.get_shard_iterator(StreamName="errs", ShardId="shardId-000000000007", ShardIteratorType="LATEST")
        self.assertEqual(cm.exception.response["Error"]["Code"], "ResourceNotFoundException")

    def test_stream_arn_and_consumers(self):
        self.create("arns", 1)
        arn = self.k.describe_stream_summary(StreamName="arns")["StreamDescriptionSummary"]["StreamARN"]
        self.assertEqual(arn, "arn:aws:kinesis:us-east-1:000000000000:stream/arns")
        # Debian's botocore predates StreamARN on PutRecord; the Go tests cover it.
        self.k.put_record(StreamName="arns", Data=b"by-arn", PartitionKey="k")
        consumer = self.k.register_stream_consumer(StreamARN=arn, ConsumerName="app")["Consumer"]
        for _ in range(200):
            d = self.k.describe_stream_consumer(ConsumerARN=consumer["ConsumerARN"])["ConsumerDescription"]
            if d["ConsumerStatus"] == "ACTIVE":
                break
            time.sleep(0.05)
        self.assertEqual(d["StreamARN"], arn)
        sub = self.k.subscribe_to_shard(ConsumerARN=consumer["ConsumerARN"], ShardId="shardId-000000000000",
                                        StartingPosition={"Type": "TRIM_HORIZON"})
        got = []
        for event in sub["EventStream"]:
            got.extend(r["Data"] for r in event["SubscribeToShardEvent"]["Records"])
            if got:
                break
        sub["EventStream"].close()
        self.assertEqual(got, [b"by-arn"])
        consumers = self.k.list_stream_consumers(StreamARN=arn)["Consumers"]
        self.assertEqual([c["ConsumerName"] for c in consumers], ["app"])

    def test_cli(self):
        self.nubo.cli("kinesis", "create-stream", "--stream-name", "cli", "--shard-count", "1")
        self.nubo.cli("kinesis", "wait", "stream-exists", "--stream-name", "cli")
        p = self.nubo.cli("kinesis", "put-record", "--stream-name", "cli", "--partition-key", "k",
                          "--data", "aGVsbG8=", "--output", "json")
        self.assertEqual(json.loads(p.stdout)["ShardId"], "shardId-000000000000")
        p = self.nubo.cli("kinesis", "list-streams", "--output", "json")
        self.assertIn("cli", json.loads(p.stdout)["StreamNames"])
