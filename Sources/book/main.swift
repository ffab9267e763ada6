import BookBuilder
print("book")
