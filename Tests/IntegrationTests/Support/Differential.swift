// Differential: the same command stream to StructD (the subject) and to Debian's redis-server
// (the oracle), both fresh, replies compared byte for byte, step by step in lock-step.
//
// A step is one request (a command, or raw bytes: inline commands, pipelines, malformed
// input) on one of several client connections, and the number of replies to read back.
// What "the same reply" means is chosen per step:
//   exact           byte-for-byte (the default)
//   unordered       aggregates compared as multisets of their elements (map entries as
//                   key+value pairs) for replies whose order Redis leaves undefined;
//                   `unorderedPairs` does the same for RESP2 flat key/value arrays (HGETALL)
//   sameType        only the first byte (both errors, both integers...)
//   ignore          only that both sides answered (INFO, random results)
//   custom          a predicate over the two frames
// Commands known to have undefined order (SMEMBERS, KEYS, HGETALL, ...) default to the
// unordered forms; pass `compare:` to override.
//
// A side that closes its connection, or does not answer within the reply timeout, yields an
// outcome ("connection closed", "no reply within 5s") compared like a reply, so "Redis closes
// the connection on this malformed input" is checked too. A connection that timed out is
// closed, as its replies can no longer be matched to requests.
//
// Everything is bounded: each reply by `replyTimeout`, the whole run by the step count.

import Testing

/// How two replies to the same step are compared.
enum Comparison: Sendable {
    case exact
    case unordered
    case unorderedPairs
    case sameType
    case ignore
    case custom(@Sendable (_ expected: [UInt8], _ actual: [UInt8]) -> Bool)

    /// The default for a command: unordered for replies whose order Redis leaves undefined.
    static func `default`(for arguments: [String]) -> Comparison {
        let name = arguments.first?.uppercased() ?? ""
        let sub = arguments.count > 1 ? arguments[1].uppercased() : ""
        switch name {
        case "SMEMBERS", "SINTER", "SUNION", "SDIFF", "KEYS", "HKEYS", "HVALS":
            return .unordered
        case "HGETALL":
            return .unorderedPairs
        case "CONFIG" where sub == "GET":
            return .unorderedPairs
        default:
            return .exact
        }
    }

    /// Whether `actual` is an acceptable answer where the oracle gave `expected`.
    func matches(expected: [UInt8], actual: [UInt8]) -> Bool {
        switch self {
        case .exact:
            return expected == actual
        case .sameType:
            return expected.first == actual.first
        case .ignore:
            return true
        case .custom(let predicate):
            return predicate(expected, actual)
        case .unordered, .unorderedPairs:
            if expected == actual { return true }
            guard let a = try? RESPFramer.aggregate(expected), let b = try? RESPFramer.aggregate(actual),
                  a.type == b.type, a.attribute == b.attribute, a.elements.count == b.elements.count else {
                return false
            }
            let pairs = a.type == UInt8(ascii: "%") || (self == .unorderedPairs && a.type == UInt8(ascii: "*"))
            return Self.multiset(a.elements, pairs: pairs) == Self.multiset(b.elements, pairs: pairs)
        }
    }

    private static func multiset(_ elements: [[UInt8]], pairs: Bool) -> [[UInt8]: Int]? {
        var counts: [[UInt8]: Int] = [:]
        if pairs {
            guard elements.count % 2 == 0 else { return nil }
            for index in stride(from: 0, to: elements.count, by: 2) {
                // Key and value frames are self-delimiting, so their concatenation is unambiguous.
                counts[elements[index] + elements[index + 1], default: 0] += 1
            }
        } else {
            for element in elements { counts[element, default: 0] += 1 }
        }
        return counts
    }

    static func == (lhs: Comparison, rhs: Comparison) -> Bool {
        switch (lhs, rhs) {
        case (.exact, .exact), (.unordered, .unordered), (.unorderedPairs, .unorderedPairs),
             (.sameType, .sameType), (.ignore, .ignore): true
        default: false
        }
    }
}

/// One request to both servers and what to read back.
struct DiffStep: Sendable, ExpressibleByArrayLiteral, CustomStringConvertible {
    var request: [UInt8]
    var label: String
    var replies: Int
    var client: Int
    var comparison: Comparison

    /// A command as RESP multibulk; compared by `compare`, or by the command's default.
    init(_ arguments: [String], compare: Comparison? = nil, client: Int = 0) {
        request = RESPFramer.encode(arguments)
        label = arguments.map(Self.labelArgument).joined(separator: " ")
        replies = 1
        self.client = client
        comparison = compare ?? .default(for: arguments)
    }

    init(arrayLiteral arguments: String...) { self.init(arguments) }

    static func command(_ arguments: String..., compare: Comparison? = nil, client: Int = 0) -> DiffStep {
        DiffStep(arguments, compare: compare, client: client)
    }

    /// Raw bytes (inline commands, several commands at once, malformed input) expecting
    /// `replies` replies. Use `replies: 0` for a request that gets no answer yet.
    static func raw(_ bytes: [UInt8], replies: Int = 1, label: String? = nil,
                    compare: Comparison = .exact, client: Int = 0) -> DiffStep {
        DiffStep(request: bytes, label: label ?? "raw " + RESPFramer.escape(bytes, limit: 200),
                 replies: replies, client: client, comparison: compare)
    }

    static func raw(_ text: String, replies: Int = 1, label: String? = nil,
                    compare: Comparison = .exact, client: Int = 0) -> DiffStep {
        raw(Array(text.utf8), replies: replies, label: label, compare: compare, client: client)
    }

    /// Sends nothing and reads `replies` replies: for a client blocked by an earlier step
    /// (BLPOP with `replies: 0`, then a push from another client, then `.read(client:)`).
    static func read(client: Int, replies: Int = 1, compare: Comparison = .exact) -> DiffStep {
        DiffStep(request: [], label: "(read \(replies) on client \(client))", replies: replies,
                 client: client, comparison: compare)
    }

    /// The same step expecting `count` replies (0: a blocking command answered in a later
    /// `.read(client:)` step).
    func expecting(replies count: Int) -> DiffStep {
        var copy = self
        copy.replies = count
        return copy
    }

    /// The same step sent on another client connection.
    func on(client: Int) -> DiffStep {
        var copy = self
        copy.client = client
        return copy
    }

    var description: String { client == 0 ? label : "[client \(client)] \(label)" }

    /// An argument as shown in diffs: bare when plain, quoted and escaped otherwise.
    private static func labelArgument(_ argument: String) -> String {
        let plain = !argument.isEmpty && argument.utf8.allSatisfy { $0 > 32 && $0 < 127 && $0 != 34 && $0 != 92 }
        return plain ? argument : RESPFramer.escape(Array(argument.utf8), limit: 100)
    }

    private init(request: [UInt8], label: String, replies: Int, client: Int, comparison: Comparison) {
        self.request = request
        self.label = label
        self.replies = replies
        self.client = client
        self.comparison = comparison
    }
}

/// What one side did in answer to one expected reply.
enum ReplyOutcome: Equatable, Sendable, CustomStringConvertible {
    case reply([UInt8])
    case closed
    case timeout
    case failed(String)

    var description: String {
        switch self {
        case .reply(let bytes): RESPFramer.escape(bytes)
        case .closed: "(connection closed)"
        case .timeout: "(no reply in time)"
        case .failed(let reason): "(\(reason))"
        }
    }
}

/// Which server a side of a differential run starts, with which extra arguments.
struct ServerKind: Sendable, CustomStringConvertible {
    var name: String
    var start: @Sendable (_ extraArgs: [String]) throws -> ServerProcess

    static func structd(args: [String] = [], config: String? = nil) -> ServerKind {
        ServerKind(name: "structd") { try ServerProcess.structd(args: args + $0, config: config) }
    }

    static func redis(args: [String] = [], config: String? = nil) -> ServerKind {
        ServerKind(name: "redis") { try ServerProcess.redis(args: args + $0, config: config) }
    }

    var description: String { name }
}

struct DiffMismatch: Sendable {
    var stepIndex: Int
    var step: DiffStep
    var replyIndex: Int
    var expected: ReplyOutcome
    var actual: ReplyOutcome
}

struct DiffReport: Sendable, CustomStringConvertible {
    /// The servers, as "structd (pid 812, port 41234)".
    var subject: String
    var oracle: String
    /// Their short names ("structd", "redis") for the per-reply lines.
    var subjectName: String
    var oracleName: String
    var resp3: Bool
    var seed: UInt64?
    var stepCount: Int
    var mismatches: [DiffMismatch]
    var maxShown = 10

    var isMatch: Bool { mismatches.isEmpty }

    var description: String {
        let protocolName = resp3 ? "RESP3" : "RESP2"
        var text = "differential \(subject) vs \(oracle) (\(protocolName))"
        if let seed { text += ", seed \(seed) (rerun with STRUCTD_DIFF_SEED=\(seed))" }
        guard !mismatches.isEmpty else { return text + ": \(stepCount) steps, all replies match" }
        text += ": \(mismatches.count) mismatching repl\(mismatches.count == 1 ? "y" : "ies") in \(stepCount) steps"
        let width = max(subjectName.count, oracleName.count)
        func pad(_ s: String) -> String { s + String(repeating: " ", count: width - s.count) }
        for mismatch in mismatches.prefix(maxShown) {
            let replyNote = mismatch.step.replies > 1 ? " (reply \(mismatch.replyIndex + 1) of \(mismatch.step.replies))" : ""
            text += "\n#\(mismatch.stepIndex) \(mismatch.step)\(replyNote)"
            text += "\n  expected (\(pad(oracleName))): \(mismatch.expected)"
            text += "\n  actual   (\(pad(subjectName))): \(mismatch.actual)"
            if case .reply(let e) = mismatch.expected, case .reply(let a) = mismatch.actual {
                let common = zip(e, a).prefix { $0 == $1 }.count
                text += "\n  first difference at byte \(common) (lengths \(e.count) and \(a.count))"
                if !(mismatch.step.comparison == .exact) { text += ", compared \(mismatch.step.comparison)" }
            }
        }
        if mismatches.count > maxShown { text += "\n... and \(mismatches.count - maxShown) more" }
        return text
    }
}

struct DifferentialError: Error, CustomStringConvertible {
    var description: String
}

struct Differential: Sendable {
    var subject: ServerKind
    var oracle: ServerKind
    /// Send HELLO 3 on every connection first (both sides), so replies are RESP3.
    var resp3: Bool
    /// Extra arguments for both servers (after each kind's own).
    var serverArgs: [String]
    var replyTimeout: Duration = .seconds(5)
    /// Stop at the first mismatching step (later steps usually only repeat the divergence).
    var stopAtFirstMismatch = false

    init(subject: ServerKind = .structd(), oracle: ServerKind = .redis(), resp3: Bool = false,
         serverArgs: [String] = []) {
        self.subject = subject
        self.oracle = oracle
        self.resp3 = resp3
        self.serverArgs = serverArgs
    }

    /// Starts both servers fresh, runs `steps`, stops them.
    func run(_ steps: [DiffStep], seed: UInt64? = nil) throws -> DiffReport {
        let subjectServer = try subject.start(serverArgs)
        defer { subjectServer.stop() }
        let oracleServer = try oracle.start(serverArgs)
        defer { oracleServer.stop() }
        return try run(steps, subject: subjectServer, oracle: oracleServer, seed: seed)
    }

    /// Runs `steps` against servers the test started itself.
    func run(_ steps: [DiffStep], subject subjectServer: ServerProcess, oracle oracleServer: ServerProcess,
             seed: UInt64? = nil) throws -> DiffReport {
        let subjectSide = Side(server: subjectServer, resp3: resp3, timeout: replyTimeout)
        let oracleSide = Side(server: oracleServer, resp3: resp3, timeout: replyTimeout)
        var mismatches: [DiffMismatch] = []
        for (index, step) in steps.enumerated() {
            let expected = try oracleSide.perform(step)
            let actual = try subjectSide.perform(step)
            var stepMatched = true
            for reply in 0..<step.replies {
                let e = expected[reply], a = actual[reply]
                let same: Bool
                switch (e, a) {
                case (.reply(let eb), .reply(let ab)): same = step.comparison.matches(expected: eb, actual: ab)
                default: same = e == a
                }
                if !same {
                    stepMatched = false
                    mismatches.append(DiffMismatch(stepIndex: index, step: step, replyIndex: reply, expected: e, actual: a))
                }
            }
            if !stepMatched && stopAtFirstMismatch {
                return DiffReport(subject: subjectServer.description, oracle: oracleServer.description,
                                  subjectName: subjectServer.name, oracleName: oracleServer.name,
                                  resp3: resp3, seed: seed, stepCount: index + 1, mismatches: mismatches)
            }
        }
        return DiffReport(subject: subjectServer.description, oracle: oracleServer.description,
                          subjectName: subjectServer.name, oracleName: oracleServer.name,
                          resp3: resp3, seed: seed, stepCount: steps.count, mismatches: mismatches)
    }

    /// Runs `steps` on fresh servers and records a test issue with the readable diff if any
    /// reply differs. Returns the report for further checks.
    @discardableResult
    func check(_ steps: [DiffStep], seed: UInt64? = nil,
               sourceLocation: SourceLocation = #_sourceLocation) throws -> DiffReport {
        let report = try run(steps, seed: seed)
        if !report.isMatch {
            Issue.record(Comment(rawValue: report.description), sourceLocation: sourceLocation)
        }
        return report
    }

    /// Generates `count` steps from a seed (STRUCTD_DIFF_SEED overrides it, to replay a
    /// failure), runs them on fresh servers, and records an issue naming the seed on mismatch.
    @discardableResult
    func checkRandom(seed: UInt64, count: Int,
                     sourceLocation: SourceLocation = #_sourceLocation,
                     _ generate: (inout SeededRandom, Int) -> DiffStep) throws -> DiffReport {
        let seed = SeededRandom.seed(default: seed)
        return try check(Differential.randomSteps(seed: seed, count: count, generate),
                         seed: seed, sourceLocation: sourceLocation)
    }

    /// `count` steps from `generate`, called with the step index and one generator seeded
    /// with `seed`: the same seed gives the same steps.
    static func randomSteps(seed: UInt64, count: Int, _ generate: (inout SeededRandom, Int) -> DiffStep) -> [DiffStep] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { generate(&random, $0) }
    }

    /// One server's connections during a run, opened on first use.
    private final class Side {
        let server: ServerProcess
        let resp3: Bool
        let timeout: Duration
        var connections: [Int: RawConnection] = [:]
        var dead: Set<Int> = []
        var failures: [Int: String] = [:]

        init(server: ServerProcess, resp3: Bool, timeout: Duration) {
            self.server = server
            self.resp3 = resp3
            self.timeout = timeout
        }

        /// The client's connection, opened on first use; nil once it is unusable (`failure`
        /// then says why, for a connection that could not even be opened).
        func connection(_ client: Int) throws -> RawConnection? {
            if dead.contains(client) { return nil }
            if let connection = connections[client] { return connection }
            let connection: RawConnection
            do {
                connection = try server.connect(timeout: timeout)
            } catch {
                // A server that died (or never listened) is a finding, not a harness failure.
                dead.insert(client)
                failures[client] = "connect failed: \(error)"
                return nil
            }
            if resp3 {
                let hello = try connection.roundTrip("HELLO", "3")
                guard hello.first == UInt8(ascii: "%") else {
                    throw DifferentialError(description: "\(server): HELLO 3 answered \(RESPFramer.escape(hello))")
                }
            }
            connections[client] = connection
            return connection
        }

        /// Sends the step's request and collects one outcome per expected reply.
        func perform(_ step: DiffStep) throws -> [ReplyOutcome] {
            guard let connection = try connection(step.client) else {
                let outcome = failures.removeValue(forKey: step.client).map(ReplyOutcome.failed) ?? .closed
                return step.replies == 0 ? [] : [outcome] + Array(repeating: .closed, count: step.replies - 1)
            }
            if !step.request.isEmpty {
                do {
                    try connection.send(step.request)
                } catch let error as ConnectionError {
                    // The server may have closed already; whatever it sent before still counts.
                    if error.kind != .send { return kill(step.client, step.replies, .failed("\(error)")) }
                }
            }
            var outcomes: [ReplyOutcome] = []
            for _ in 0..<step.replies {
                do {
                    outcomes.append(.reply(try connection.readReplyBytes()))
                } catch let error as ConnectionError {
                    let outcome: ReplyOutcome = switch error.kind {
                    case .closedByPeer: .closed
                    case .timeout: .timeout
                    default: .failed(error.kind == .malformed ? "malformed reply" : "\(error.kind)")
                    }
                    return kill(step.client, step.replies - outcomes.count, outcome, after: outcomes)
                }
            }
            return outcomes
        }

        /// Marks a client unusable and pads the outcomes: after a close or a timeout, replies
        /// can no longer be matched to requests.
        private func kill(_ client: Int, _ missing: Int, _ outcome: ReplyOutcome, after: [ReplyOutcome] = []) -> [ReplyOutcome] {
            connections[client]?.close()
            connections[client] = nil
            dead.insert(client)
            guard missing > 0 else { return after }
            return after + [outcome] + Array(repeating: .closed, count: max(0, missing - 1))
        }
    }
}
