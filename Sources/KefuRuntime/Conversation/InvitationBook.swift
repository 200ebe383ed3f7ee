import KefuCore
import KefuMetrics

/// The rating invitations of one customer: the latest per agent, which a `rating` answers.
///
/// A new `rating_invite` for the same agent makes the previous one final (answers go to the latest),
/// so it is emitted then; the latest ones are emitted at the end of input, with their latest answer.
struct InvitationBook: Sendable {
    struct Invitation: Sendable {
        var agent: Symbol
        /// The seq of the `rating_invite`.
        var seq: Int
        var invitedAt: Instant
        var score: RatingScore? = nil
        var ratedAt: Instant? = nil

        func fact(of key: CustomerKey) -> InvitationFact {
            InvitationFact(
                seq: seq, product: key.product, customer: key.customer, agent: agent,
                invitedAt: invitedAt, score: score, ratedAt: ratedAt)
        }
    }

    private(set) var invitations: [Invitation] = []

    var isEmpty: Bool { invitations.isEmpty }

    /// When the earliest kept invitation was sent.
    var earliestInvitation: Instant? { invitations.lazy.map(\.invitedAt).min() }

    /// Opens an invitation of `agent`; returns the fact of the one it supersedes, if any.
    mutating func invite(agent: Symbol, seq: Int, at ts: Instant, of key: CustomerKey) -> InvitationFact? {
        let invitation = Invitation(agent: agent, seq: seq, invitedAt: ts)
        if let index = invitations.firstIndex(where: { $0.agent == agent }) {
            let superseded = invitations[index].fact(of: key)
            invitations[index] = invitation
            return superseded
        }
        invitations.append(invitation)
        return nil
    }

    /// Answers the latest invitation of `agent`, replacing an earlier answer; false when there is none.
    mutating func answer(agent: Symbol, score: RatingScore?, at ts: Instant) -> Bool {
        guard let index = invitations.firstIndex(where: { $0.agent == agent }) else { return false }
        invitations[index].score = score
        invitations[index].ratedAt = ts
        return true
    }

    /// Emits every open invitation (end of input).
    mutating func flushAll<S: FactSink>(of key: CustomerKey, into sink: inout S) {
        for invitation in invitations {
            sink.add(invitation.fact(of: key))
        }
        invitations = []
    }
}
