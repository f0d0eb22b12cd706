from bookmaker.cli import main

main()
