# Blogger (Blogspot): the post and its comments, classic (dl) and
# threaded (li) comment markup.
# Keys and format: see netno(1), section PROFILES.
name: blogger
kind: blog_post
match: //meta[@name='generator'][@content='Blogger'] | //div[contains(@class,'post-body')][starts-with(@id,'post-body-')]
post: //div[contains(concat(' ',normalize-space(@class),' '),' post ')][.//div[contains(@class,'post-body')]] | //li[contains(concat(' ',normalize-space(@class),' '),' comment ')][starts-with(@id,'c')] | //dl[@id='comments-block']/dt[contains(@class,'comment-author')]
author: self::div//*[contains(@class,'post-author')]//*[@itemprop='name'] | self::div//*[contains(@class,'post-author')]//a | self::li/div[contains(@class,'comment-block')]//cite | self::dt/a[@href][last()]
author_url: (self::div//*[contains(@class,'post-author')]//a | self::li/div[contains(@class,'comment-block')]//cite//a | self::dt/a[@href][last()])/@href
date: self::div//abbr[contains(@class,'published')] | self::div//*[contains(@class,'timestamp')]//abbr | self::li/div[contains(@class,'comment-block')]//*[contains(@class,'datetime')]//a | self::dt/following-sibling::dd[contains(@class,'comment-footer')][1]//*[contains(@class,'comment-timestamp')]//a
text: self::div//div[contains(@class,'post-body')] | self::li/div[contains(@class,'comment-block')]/*[contains(@class,'comment-content')] | self::dt/following-sibling::dd[contains(@class,'comment-body')][1]
permalink: (self::div//a[contains(@class,'timestamp-link')] | self::li/div[contains(@class,'comment-block')]//*[contains(@class,'datetime')]//a | self::dt/following-sibling::dd[contains(@class,'comment-footer')][1]//*[contains(@class,'comment-timestamp')]//a)/@href
native_id: @id | .//a[@name]/@name
quote: .//blockquote[ancestor::*[contains(@class,'comment')]]
next_page: //a[contains(@class,'blog-pager-older-link')]/@href
