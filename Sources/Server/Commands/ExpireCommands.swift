// ExpireCommands (being written).
extension Server {
    static func expireCommands() -> [(String, CommandHandler)] { [] }
}
