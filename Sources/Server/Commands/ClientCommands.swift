// ClientCommands (being written).
extension Server {
    static func clientCommands() -> [(String, CommandHandler)] { [] }
}
