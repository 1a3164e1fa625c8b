public import Foundation
import IndexCore
public import IndexStore

// The bodies of the account routes (`/api/v1/accounts…`), read strictly like every body: one JSON
// object with the fields named here and nothing else.

/// `POST /api/v1/accounts`: `{"name": "ana", "role": "analyst", "password": "…"}`, the password
/// optional (an account without one signs in with tokens only).
public struct AccountRequest: Decodable, Sendable, Hashable {
    public var name: String
    public var role: Role
    public var password: String?

    public static let shape = #"{"name": "NAME", "role": "reader|analyst|reviewer|admin", "password": "optional"}"#

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, role, password
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownFields(decoder, CodingKeys.self, expected: Self.shape)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let name = try? container.decode(String.self, forKey: .name) else {
            throw IndexError("'name' must be a string naming the account")
        }
        self.name = name
        role = try AccountRequest.role(container, .role)
        do {
            password = try container.decodeIfPresent(String.self, forKey: .password)
        } catch {
            throw IndexError("'password' must be a string")
        }
    }

    public static func parse(_ body: Data) throws -> AccountRequest {
        try WorkflowJSON.decode(AccountRequest.self, from: body, what: "the body (expected \(shape))")
    }

    /// A role field: one of the four names, or an error that lists them.
    static func role<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key) throws -> Role {
        guard let name = try? container.decode(String.self, forKey: key) else {
            throw IndexError(
                "'\(key.stringValue)' must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        return try Role(name: name)
    }
}

/// `POST /api/v1/accounts/{name}/role`: `{"role": "reviewer"}`.
public struct RoleRequest: Decodable, Sendable, Hashable {
    public var role: Role

    public static let shape = #"{"role": "reader|analyst|reviewer|admin"}"#

    enum CodingKeys: String, CodingKey, CaseIterable {
        case role
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownFields(decoder, CodingKeys.self, expected: Self.shape)
        role = try AccountRequest.role(try decoder.container(keyedBy: CodingKeys.self), .role)
    }

    public static func parse(_ body: Data) throws -> RoleRequest {
        try WorkflowJSON.decode(RoleRequest.self, from: body, what: "the body (expected \(shape))")
    }
}

/// `POST /api/v1/accounts/{name}/tokens`: `{"role": "reader", "label": "ci"}`, both optional (the
/// account's role, no label).
public struct TokenRequest: Decodable, Sendable, Hashable {
    public var role: Role?
    public var label: String

    public static let shape = #"{"role": "optional, at most the account's", "label": "optional"}"#

    enum CodingKeys: String, CodingKey, CaseIterable {
        case role, label
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownFields(decoder, CodingKeys.self, expected: Self.shape)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = container.contains(.role) ? try AccountRequest.role(container, .role) : nil
        do {
            label = try container.decodeIfPresent(String.self, forKey: .label) ?? ""
        } catch {
            throw IndexError("'label' must be a string")
        }
    }

    public static func parse(_ body: Data) throws -> TokenRequest {
        try WorkflowJSON.decode(TokenRequest.self, from: body, what: "the body (expected \(shape))")
    }
}

/// Every account and every token (sessions included), as `GET /api/v1/accounts` answers: no
/// password hash and no token is among their fields.
public struct AccountsDocument: Codable, Sendable, Hashable {
    public var accounts: [Account]
    public var tokens: [AccountToken]

    public init(accounts: [Account], tokens: [AccountToken]) {
        self.accounts = accounts
        self.tokens = tokens
    }
}
