# The home-made style of the fixture board, written as a user would.
name: werkstatt
kind: forum_thread
match: //body[@id='werkstatt']
post: //div[contains(@class,'postbody')]
author: ../dl[contains(@class,'postprofile')]//a[contains(@class,'username')]
text: .//div[@class='content']
native_id: ../../@id
