// The keyword matchers of the event-log decoder. Each compares the candidate's length, then one to
// three little-endian words of it (the first bytes and the last ones, overlapping), against
// constants: each constant is the bytes of the keyword written beside it. `selfCheck()`, run once
// by the decoder in debug builds (and so by the tests), proves them against the enums' raw values.

import KefuMetrics

/// Matches the decoder's field names and enum values straight from bytes, by length then a few
/// whole-word comparisons: no table walk, no `String`.
enum KeywordMatcher {
    @inline(__always) static func w8(_ p: UnsafeRawPointer) -> UInt8 { p.load(as: UInt8.self) }
    @inline(__always) static func w16(_ p: UnsafeRawPointer) -> UInt16 { UInt16(littleEndian: p.loadUnaligned(as: UInt16.self)) }
    @inline(__always) static func w32(_ p: UnsafeRawPointer) -> UInt32 { UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)) }
    @inline(__always) static func w64(_ p: UnsafeRawPointer) -> UInt64 { UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)) }

    /// Field from its spelling: `id`, `ts`, `type`, `product`, `customer`, `agent`, `to_agent`, `mode`, `by`, `score`, `channel`, `work`, `connection`.
    @inline(__always)
    static func field(_ p: UnsafeRawPointer, _ n: Int) -> EventLineDecoder.Field? {
        switch n {
        case 2:
            switch w16(p) {
            case 0x6469: return .id  // id
            case 0x7374: return .ts  // ts
            case 0x7962: return .by  // by
            default: return nil
            }
        case 4:
            switch w32(p) {
            case 0x6570_7974: return .type  // type
            case 0x6564_6F6D: return .mode  // mode
            case 0x6B72_6F77: return .work  // work
            default: return nil
            }
        case 5:
            let a = w32(p)
            let b = w32(p + (n - 4))
            if a == 0x6E65_6761 && b == 0x746E_6567 { return .agent }  // agent
            if a == 0x726F_6373 && b == 0x6572_6F63 { return .score }  // score
            return nil
        case 7:
            let a = w32(p)
            let b = w32(p + (n - 4))
            if a == 0x646F_7270 && b == 0x7463_7564 { return .product }  // product
            if a == 0x6E61_6863 && b == 0x6C65_6E6E { return .channel }  // channel
            return nil
        case 8:
            switch w64(p) {
            case 0x7265_6D6F_7473_7563: return .customer  // customer
            case 0x746E_6567_615F_6F74: return .toAgent  // to_agent
            default: return nil
            }
        case 10:
            let a = w64(p)
            let b = w64(p + (n - 8))
            if a == 0x6974_6365_6E6E_6F63 && b == 0x6E6F_6974_6365_6E6E { return .connection }  // connection
            return nil
        default:
            return nil
        }
    }

    /// EventType from its spelling: `open_service`, `customer_message`, `bot_enter`, `transfer_to_human`, `queue_enter`, `queue_leave`, `reception_enter`, `agent_message`, `auto_reply`, `reception_end`, `transfer`, `rating_invite`, `rating`, `agent_status`.
    @inline(__always)
    static func eventType(_ p: UnsafeRawPointer, _ n: Int) -> EventType? {
        switch n {
        case 6:
            let a = w32(p)
            let b = w32(p + (n - 4))
            if a == 0x6974_6172 && b == 0x676E_6974 { return .rating }  // rating
            return nil
        case 8:
            switch w64(p) {
            case 0x7265_6673_6E61_7274: return .transfer  // transfer
            default: return nil
            }
        case 9:
            let a = w64(p)
            let b = w64(p + (n - 8))
            if a == 0x6574_6E65_5F74_6F62 && b == 0x7265_746E_655F_746F { return .botEnter }  // bot_enter
            return nil
        case 10:
            let a = w64(p)
            let b = w64(p + (n - 8))
            if a == 0x7065_725F_6F74_7561 && b == 0x796C_7065_725F_6F74 { return .autoReply }  // auto_reply
            return nil
        case 11:
            let a = w64(p)
            let b = w64(p + (n - 8))
            if a == 0x6E65_5F65_7565_7571 && b == 0x7265_746E_655F_6575 { return .queueEnter }  // queue_enter
            if a == 0x656C_5F65_7565_7571 && b == 0x6576_6165_6C5F_6575 { return .queueLeave }  // queue_leave
            return nil
        case 12:
            let a = w64(p)
            let b = w64(p + (n - 8))
            if a == 0x7265_735F_6E65_706F && b == 0x6563_6976_7265_735F { return .openService }  // open_service
            if a == 0x7473_5F74_6E65_6761 && b == 0x7375_7461_7473_5F74 { return .agentStatus }  // agent_status
            return nil
        case 13:
            let a = w64(p)
            let b = w64(p + (n - 8))
            if a == 0x656D_5F74_6E65_6761 && b == 0x6567_6173_7365_6D5F { return .agentMessage }  // agent_message
            if a == 0x6F69_7470_6563_6572 && b == 0x646E_655F_6E6F_6974 { return .receptionEnd }  // reception_end
            if a == 0x695F_676E_6974_6172 && b == 0x6574_6976_6E69_5F67 { return .ratingInvite }  // rating_invite
            return nil
        case 15:
            let a = w64(p)
            let b = w64(p + (n - 8))
            if a == 0x6F69_7470_6563_6572 && b == 0x7265_746E_655F_6E6F { return .receptionEnter }  // reception_enter
            return nil
        case 16:
            let a = w64(p)
            let b = w64(p + 8)
            if a == 0x7265_6D6F_7473_7563 && b == 0x6567_6173_7365_6D5F { return .customerMessage }  // customer_message
            return nil
        case 17:
            let a = w64(p)
            let b = w64(p + 8)
            let c = w64(p + (n - 8))
            if a == 0x7265_6673_6E61_7274 && b == 0x616D_7568_5F6F_745F && c == 0x6E61_6D75_685F_6F74 { return .transferToHuman }  // transfer_to_human
            return nil
        default:
            return nil
        }
    }

    /// ReceptionMode from its spelling: `auto`, `queue_auto`, `manual`.
    @inline(__always)
    static func receptionMode(_ p: UnsafeRawPointer, _ n: Int) -> ReceptionMode? {
        switch n {
        case 4:
            switch w32(p) {
            case 0x6F74_7561: return .auto  // auto
            default: return nil
            }
        case 6:
            let a = w32(p)
            let b = w32(p + (n - 4))
            if a == 0x756E_616D && b == 0x6C61_756E { return .manual }  // manual
            return nil
        case 10:
            let a = w64(p)
            let b = w64(p + (n - 8))
            if a == 0x7561_5F65_7565_7571 && b == 0x6F74_7561_5F65_7565 { return .queueAuto }  // queue_auto
            return nil
        default:
            return nil
        }
    }

    /// Requester from its spelling: `customer`, `agent`.
    @inline(__always)
    static func requester(_ p: UnsafeRawPointer, _ n: Int) -> Requester? {
        switch n {
        case 5:
            let a = w32(p)
            let b = w32(p + (n - 4))
            if a == 0x6E65_6761 && b == 0x746E_6567 { return .agent }  // agent
            return nil
        case 8:
            switch w64(p) {
            case 0x7265_6D6F_7473_7563: return .customer  // customer
            default: return nil
            }
        default:
            return nil
        }
    }

    /// RatingScore from its spelling: `satisfied`, `neutral`, `unsatisfied`.
    @inline(__always)
    static func ratingScore(_ p: UnsafeRawPointer, _ n: Int) -> RatingScore? {
        switch n {
        case 7:
            let a = w32(p)
            let b = w32(p + (n - 4))
            if a == 0x7475_656E && b == 0x6C61_7274 { return .neutral }  // neutral
            return nil
        case 9:
            let a = w64(p)
            let b = w64(p + (n - 8))
            if a == 0x6569_6673_6974_6173 && b == 0x6465_6966_7369_7461 { return .satisfied }  // satisfied
            return nil
        case 11:
            let a = w64(p)
            let b = w64(p + (n - 8))
            if a == 0x6673_6974_6173_6E75 && b == 0x6465_6966_7369_7461 { return .unsatisfied }  // unsatisfied
            return nil
        default:
            return nil
        }
    }

    /// Channel from its spelling: `mini_program`, `official_account`, `h5`, `plugin`.
    @inline(__always)
    static func channel(_ p: UnsafeRawPointer, _ n: Int) -> Channel? {
        switch n {
        case 2:
            switch w16(p) {
            case 0x3568: return .h5  // h5
            default: return nil
            }
        case 6:
            let a = w32(p)
            let b = w32(p + (n - 4))
            if a == 0x6775_6C70 && b == 0x6E69_6775 { return .plugin }  // plugin
            return nil
        case 12:
            let a = w64(p)
            let b = w64(p + (n - 8))
            if a == 0x6F72_705F_696E_696D && b == 0x6D61_7267_6F72_705F { return .miniProgram }  // mini_program
            return nil
        case 16:
            let a = w64(p)
            let b = w64(p + 8)
            if a == 0x6C61_6963_6966_666F && b == 0x746E_756F_6363_615F { return .officialAccount }  // official_account
            return nil
        default:
            return nil
        }
    }

    /// WorkStatus from its spelling: `online`, `offline`.
    @inline(__always)
    static func workStatus(_ p: UnsafeRawPointer, _ n: Int) -> WorkStatus? {
        switch n {
        case 6:
            let a = w32(p)
            let b = w32(p + (n - 4))
            if a == 0x696C_6E6F && b == 0x656E_696C { return .online }  // online
            return nil
        case 7:
            let a = w32(p)
            let b = w32(p + (n - 4))
            if a == 0x6C66_666F && b == 0x656E_696C { return .offline }  // offline
            return nil
        default:
            return nil
        }
    }

    /// Connection from its spelling: `connected`, `disconnected`.
    @inline(__always)
    static func connection(_ p: UnsafeRawPointer, _ n: Int) -> Connection? {
        switch n {
        case 9:
            let a = w64(p)
            let b = w64(p + (n - 8))
            if a == 0x6574_6365_6E6E_6F63 && b == 0x6465_7463_656E_6E6F { return .connected }  // connected
            return nil
        case 12:
            let a = w64(p)
            let b = w64(p + (n - 8))
            if a == 0x656E_6E6F_6373_6964 && b == 0x6465_7463_656E_6E6F { return .disconnected }  // disconnected
            return nil
        default:
            return nil
        }
    }

    /// Whether every matcher maps each of its keywords to its value and rejects near misses; for
    /// `assert`, so debug builds (the tests) check the constants above.
    static func selfCheck() -> Bool {
        func check<T: Equatable>(_ word: String, _ expected: T?, _ match: (UnsafeRawPointer, Int) -> T?) -> Bool {
            // Copied into a buffer of exactly the word's length, so an out-of-bounds read would show.
            let bytes = Array(word.utf8)
            return bytes.withUnsafeBytes { raw in
                let copy = UnsafeMutableRawPointer.allocate(byteCount: max(1, raw.count), alignment: 1)
                defer { copy.deallocate() }
                if let base = raw.baseAddress { copy.copyMemory(from: base, byteCount: raw.count) }
                return match(UnsafeRawPointer(copy), raw.count) == expected
            }
        }
        func checkAll<T: Equatable>(_ entries: [(String, T)], _ match: (UnsafeRawPointer, Int) -> T?) -> Bool {
            for (word, value) in entries {
                guard check(word, value, match) else { return false }
                // Near misses: one byte changed anywhere, one byte more or less, the wrong case.
                let bytes = Array(word.utf8)
                for i in bytes.indices {
                    var changed = bytes
                    changed[i] ^= 0x01
                    if let other = String(validating: changed, as: UTF8.self), !entries.contains(where: { $0.0 == other }) {
                        guard check(other, nil as T?, match) else { return false }
                    }
                }
                guard check(word + "x", nil as T?, match), check(String(word.dropLast()), nil as T?, match) else { return false }
                guard check(word.uppercased(), nil as T?, match) else { return false }
            }
            return true
        }
        return checkAll(EventLineDecoder.Field.allCases.map { ($0.name, $0) }, field)
            && checkAll(EventType.allCases.map { ($0.rawValue, $0) }, eventType)
            && checkAll([ReceptionMode.auto, .queueAuto, .manual].map { ($0.rawValue, $0) }, receptionMode)
            && checkAll(Requester.allCases.map { ($0.rawValue, $0) }, requester)
            && checkAll(RatingScore.allCases.map { ($0.rawValue, $0) }, ratingScore)
            && checkAll(Channel.allCases.map { ($0.rawValue, $0) }, channel)
            && checkAll(WorkStatus.allCases.map { ($0.rawValue, $0) }, workStatus)
            && checkAll(Connection.allCases.map { ($0.rawValue, $0) }, connection)
    }
}
